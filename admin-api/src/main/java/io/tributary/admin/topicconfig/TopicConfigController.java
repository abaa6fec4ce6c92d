package io.tributary.admin.topicconfig;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

@RestController
@RequestMapping("/v3/clusters/{cluster_id}/topics/{topic_name}")
@Tag(name = "Topic configs", description = "A topic's configs with their source and default; set, reset, batch alter")
class TopicConfigController {

    private final TopicConfigReader reader;
    private final TopicConfigChanges changes;
    private final Links links;

    TopicConfigController(TopicConfigReader reader, TopicConfigChanges changes, Links links) {
        this.reader = reader;
        this.changes = changes;
        this.links = links;
    }

    @GetMapping("/configs")
    @Operation(operationId = "listTopicConfigs", summary = "List every config of a topic",
            description = "Each config with its value, Kafka's source, its synonyms and the value it resets to.")
    ResourceCollection<TopicConfigResource> list(
            @PathVariable("cluster_id") @Parameter(description = "the cluster id") String clusterId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic) {
        return new ResourceCollection<>("KafkaTopicConfigList", new CollectionMetadata(links.current(), null),
                reader.all(clusterId, topic));
    }

    @GetMapping("/configs/{name}")
    @Operation(operationId = "getTopicConfig", summary = "Describe one config of a topic")
    TopicConfigResource get(
            @PathVariable("cluster_id") @Parameter(description = "the cluster id") String clusterId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic,
            @PathVariable("name") @Parameter(description = "the config name", example = "retention.ms") String name) {
        return reader.one(clusterId, topic, name);
    }

    @PutMapping("/configs/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "updateTopicConfig", summary = "Set one config on a topic",
            description = "An unknown config or a value the cluster refuses is a 422 with Kafka's message.")
    @ApiResponse(responseCode = "204", description = "The config is set")
    void set(@PathVariable("cluster_id") @Parameter(description = "the cluster id") String clusterId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic,
            @PathVariable("name") @Parameter(description = "the config name", example = "retention.ms") String name,
            @RequestBody ConfigValue value) {
        changes.set(clusterId, topic, name, value);
    }

    @DeleteMapping("/configs/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "resetTopicConfig", summary = "Reset one config of a topic to its default",
            description = "Deletes the topic's override: the config takes the broker's or the built-in value.")
    @ApiResponse(responseCode = "204", description = "The config is back to its default")
    void reset(@PathVariable("cluster_id") @Parameter(description = "the cluster id") String clusterId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic,
            @PathVariable("name") @Parameter(description = "the config name", example = "retention.ms") String name) {
        changes.reset(clusterId, topic, name);
    }

    @PostMapping("/configs:alter")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "alterTopicConfigs", summary = "Set and reset several configs of a topic at once",
            description = "All the changes are applied, or none (one IncrementalAlterConfigs request). With "
                    + "validate_only the cluster checks them and nothing changes.")
    @ApiResponse(responseCode = "204", description = "Every change is applied (or, with validate_only, valid)")
    void alter(@PathVariable("cluster_id") @Parameter(description = "the cluster id") String clusterId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic,
            @RequestBody ConfigBatch batch) {
        changes.alter(clusterId, topic, batch);
    }
}

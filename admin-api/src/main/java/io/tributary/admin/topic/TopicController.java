package io.tributary.admin.topic;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.resource.ResourceCollection;

@RestController
@RequestMapping("/v3/clusters/{cluster_id}/topics")
class TopicController {

    private final TopicListing listing;
    private final TopicDescriber describer;
    private final TopicCreation creation;
    private final TopicChanges changes;

    TopicController(TopicListing listing, TopicDescriber describer, TopicCreation creation, TopicChanges changes) {
        this.listing = listing;
        this.describer = describer;
        this.creation = creation;
        this.changes = changes;
    }

    /**
     * Topics in name order. Internal topics are listed unless {@code include_internal=false}, as Kafka's
     * {@code kafka-topics.sh --list} and Confluent's list do.
     */
    @GetMapping
    ResourceCollection<TopicResource> list(@PathVariable("cluster_id") String clusterId,
            @RequestParam(name = "name_prefix", required = false) String namePrefix,
            @RequestParam(name = "include_internal", defaultValue = "true") boolean includeInternal,
            @RequestParam(name = "page_size", required = false) Integer pageSize,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        return listing.list(clusterId, namePrefix, includeInternal, pageSize, pageToken);
    }

    /** 201 with the topic and its Location; with {@code validate_only} 200, and nothing is created. */
    @PostMapping
    ResponseEntity<TopicResource> create(@PathVariable("cluster_id") String clusterId,
            @RequestBody CreateTopicRequest request) {
        TopicResource topic = creation.create(clusterId, request);
        if (request.onlyValidate()) {
            return ResponseEntity.ok(topic);
        }
        return ResponseEntity.created(URI.create(topic.metadata().self())).body(topic);
    }

    @GetMapping("/{topic_name}")
    TopicResource get(@PathVariable("cluster_id") String clusterId, @PathVariable("topic_name") String topic) {
        return describer.describe(clusterId, topic);
    }

    @PatchMapping("/{topic_name}")
    TopicResource update(@PathVariable("cluster_id") String clusterId, @PathVariable("topic_name") String topic,
            @RequestBody UpdateTopicRequest request) {
        return changes.increasePartitions(clusterId, topic, request);
    }

    @DeleteMapping("/{topic_name}")
    ResponseEntity<Void> delete(@PathVariable("cluster_id") String clusterId,
            @PathVariable("topic_name") String topic) {
        changes.delete(clusterId, topic);
        return ResponseEntity.noContent().build();
    }
}

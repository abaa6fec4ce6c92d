package io.tributary.admin.lag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

/**
 * A group's lag per partition ({@code …/lags}, Confluent's paths), per topic ({@code …/lags/{topic_name}}, ours)
 * and as a summary ({@code …/lag-summary}), in offsets and in seconds.
 */
@RestController
@RequestMapping("/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}")
@Tag(name = "Consumer lag", description = "A group's lag in offsets and in seconds (the age of the record at the "
        + "committed offset), with consume rates and the time to catch up")
class LagController {

    private static final String CLUSTER = "cluster_id";
    private static final String GROUP = "consumer_group_id";

    private final GroupLags lags;
    private final LagViews views;
    private final Links links;

    LagController(GroupLags lags, LagViews views, Links links) {
        this.lags = lags;
        this.views = views;
        this.links = links;
    }

    @GetMapping("/lags")
    @Operation(operationId = "listConsumerLags",
            summary = "Lag of every partition the group commits to or is assigned",
            description = "A partition without a commit is listed with `committed_offset: null`; a commit below the "
                    + "log start offset is flagged `commit_below_log_start` and its lag counted from the log start.")
    ResourceCollection<PartitionLagResource> list(
            @PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId) {
        return new ResourceCollection<>("KafkaConsumerLagList", new CollectionMetadata(links.current(), null),
                lags.all(clusterId, groupId));
    }

    @GetMapping("/lags/{topic_name}")
    @Operation(operationId = "getConsumerTopicLag",
            summary = "A topic's lag for the group: totals, maxima, partitions")
    TopicLagResource topic(@PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic) {
        return views.topic(clusterId, groupId, topic, lags.topic(clusterId, groupId, topic));
    }

    @GetMapping("/lags/{topic_name}/partitions/{partition_id}")
    @Operation(operationId = "getConsumerLag", summary = "One partition's lag for the group")
    PartitionLagResource partition(@PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic,
            @PathVariable("partition_id") @Parameter(description = "the partition") int partition) {
        return lags.partition(clusterId, groupId, topic, partition);
    }

    @GetMapping("/lag-summary")
    @Operation(operationId = "getConsumerGroupLagSummary",
            summary = "The group's total lag and where its maxima are",
            description = "The partition with the most offsets to go and its consumer (as Confluent), and the "
                    + "partition whose next record is oldest (`max_lag_seconds`).")
    LagSummaryResource summary(@PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId) {
        return views.summary(clusterId, groupId, lags.all(clusterId, groupId));
    }
}

package io.tributary.admin.lag;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceCollection;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A group's lag per partition ({@code …/lags}, Confluent's paths), per topic ({@code …/lags/{topic_name}}, ours) and
 * as a summary ({@code …/lag-summary}), in offsets and in seconds.
 */
@RestController
@RequestMapping("/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}")
class LagController {

    private final GroupLags lags;
    private final Links links;

    LagController(GroupLags lags, Links links) {
        this.lags = lags;
        this.links = links;
    }

    @GetMapping("/lags")
    ResourceCollection<PartitionLagResource> list(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId) {
        return new ResourceCollection<>("KafkaConsumerLagList", new CollectionMetadata(links.current(), null),
                lags.partitions(clusterId, groupId, null));
    }

    @GetMapping("/lags/{topic_name}")
    TopicLagResource topic(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId, @PathVariable("topic_name") String topic) {
        List<PartitionLagResource> partitions = lags.partitions(clusterId, groupId, topic);
        LagTotals totals = LagTotals.of(partitions);
        return new TopicLagResource("KafkaConsumerTopicLag",
                new ResourceMetadata(links.cluster(clusterId, "/consumer-groups/{group}/lags/{topic}", groupId, topic),
                        Links.resourceName(clusterId, "consumer-group", groupId, "lag", topic)),
                clusterId, groupId, topic, totals.totalLag(),
                totals.maxLag() == null ? 0 : totals.maxLag().lag(),
                totals.maxLag() == null ? null : totals.maxLag().partitionId(),
                totals.maxLagSeconds() == null ? null : totals.maxLagSeconds().lagSeconds(),
                totals.maxLagSeconds() == null ? null : totals.maxLagSeconds().partitionId(),
                totals.consumeRate(), totals.estimatedCatchUpSeconds(), totals.withoutCommit(),
                totals.belowLogStart(), partitions);
    }

    @GetMapping("/lags/{topic_name}/partitions/{partition_id}")
    PartitionLagResource partition(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId, @PathVariable("topic_name") String topic,
            @PathVariable("partition_id") int partition) {
        return lags.partitions(clusterId, groupId, topic).stream()
                .filter(lag -> lag.partitionId() == partition)
                .findFirst()
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "partition-not-found",
                        "Topic '" + topic + "' has no partition " + partition + " consumed by group '" + groupId
                                + "'"));
    }

    @GetMapping("/lag-summary")
    LagSummaryResource summary(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId) {
        LagTotals totals = LagTotals.of(lags.partitions(clusterId, groupId, null));
        PartitionLagResource max = totals.maxLag();
        PartitionLagResource oldest = totals.maxLagSeconds();
        return new LagSummaryResource("KafkaConsumerGroupLagSummary",
                new ResourceMetadata(links.cluster(clusterId, "/consumer-groups/{group}/lag-summary", groupId),
                        Links.resourceName(clusterId, "consumer-group", groupId) + "/lag-summary"),
                clusterId, groupId,
                max == null ? 0 : max.lag(), totals.totalLag(),
                max == null ? null : max.consumerId(),
                max == null || max.consumerId() == null ? null : new Related(links.cluster(clusterId,
                        "/consumer-groups/{group}/consumers/{consumer}", groupId, max.consumerId())),
                max == null ? null : max.clientId(),
                max == null ? null : max.instanceId(),
                max == null ? null : max.topicName(),
                max == null ? null : max.partitionId(),
                max == null ? null : new Related(links.cluster(clusterId, "/topics/{topic}/partitions/{partition}",
                        max.topicName(), max.partitionId())),
                oldest == null ? null : oldest.lagSeconds(),
                oldest == null ? null : oldest.topicName(),
                oldest == null ? null : oldest.partitionId(),
                oldest == null ? null : oldest.consumerId(),
                totals.consumeRate(), totals.estimatedCatchUpSeconds(), totals.withoutCommit(),
                totals.belowLogStart());
    }
}

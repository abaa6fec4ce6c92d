package io.tributary.admin.lag;

import java.util.List;

import org.springframework.stereotype.Component;

import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/** A topic's lag and a group's lag summary, built from the partitions' lags. */
@Component
class LagViews {

    private final Links links;

    LagViews(Links links) {
        this.links = links;
    }

    TopicLagResource topic(String clusterId, String groupId, String topic, List<PartitionLagResource> partitions) {
        LagTotals totals = LagTotals.of(partitions);
        PartitionLagResource max = totals.maxLag();
        PartitionLagResource oldest = totals.maxLagSeconds();
        return new TopicLagResource("KafkaConsumerTopicLag",
                new ResourceMetadata(links.cluster(clusterId, "/consumer-groups/{group}/lags/{topic}", groupId, topic),
                        Links.resourceName(clusterId, "consumer-group", groupId, "lag", topic)),
                clusterId, groupId, topic, totals.totalLag(),
                max == null ? 0 : max.lag(),
                max == null ? null : max.partitionId(),
                oldest == null ? null : oldest.lagSeconds(),
                oldest == null ? null : oldest.partitionId(),
                totals.consumeRate(), totals.estimatedCatchUpSeconds(), totals.withoutCommit(),
                totals.belowLogStart(), partitions);
    }

    LagSummaryResource summary(String clusterId, String groupId, List<PartitionLagResource> partitions) {
        LagTotals totals = LagTotals.of(partitions);
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

package io.tributary.admin.lag;

import java.util.List;

import io.tributary.admin.resource.ResourceMetadata;

/** One topic's lag for a group: its totals and maxima, and every partition's lag. */
public record TopicLagResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        String topicName,
        long totalLag,
        long maxLag,
        Integer maxLagPartitionId,
        Double maxLagSeconds,
        Integer maxLagSecondsPartitionId,
        Double consumeRate,
        Double estimatedCatchUpSeconds,
        int partitionsWithoutCommit,
        int partitionsBelowLogStart,
        List<PartitionLagResource> partitions) {

    public TopicLagResource {
        partitions = List.copyOf(partitions);
    }
}

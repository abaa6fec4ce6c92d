package io.tributary.admin.lag;

import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A group's lag in one answer ({@code KafkaConsumerGroupLagSummary} in Confluent v3): the partition with the most
 * offsets to go and its consumer, the total, and beside them the partition whose next record is oldest.
 */
public record LagSummaryResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        long maxLag,
        long totalLag,
        String maxLagConsumerId,
        Related maxLagConsumer,
        String maxLagClientId,
        String maxLagInstanceId,
        String maxLagTopicName,
        Integer maxLagPartitionId,
        Related maxLagPartition,
        Double maxLagSeconds,
        String maxLagSecondsTopicName,
        Integer maxLagSecondsPartitionId,
        String maxLagSecondsConsumerId,
        Double consumeRate,
        Double estimatedCatchUpSeconds,
        int partitionsWithoutCommit,
        int partitionsBelowLogStart) {
}

package io.tributary.admin.lag;

import io.tributary.admin.resource.ResourceMetadata;

/**
 * One partition's lag ({@code KafkaConsumerLag} in Confluent v3). {@code current_offset} is Confluent's name for the
 * committed offset and stays for its users; {@code committed_offset} says the same and is {@code null} when the group
 * has committed nothing for the partition (then {@code lag} and {@code lag_seconds} are null too: where the group will
 * start depends on its consumers' {@code auto.offset.reset}). A commit below the log start offset is flagged and its
 * lag counted from the log start, the first offset that can still be consumed. {@code lag_seconds} is the age of the
 * first record the group has not consumed, from its timestamp; {@code consume_rate} is in offsets per second.
 */
public record PartitionLagResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        String topicName,
        int partitionId,
        String consumerId,
        String instanceId,
        String clientId,
        Long currentOffset,
        Long committedOffset,
        Long logStartOffset,
        Long logEndOffset,
        Long lag,
        Double lagSeconds,
        boolean commitBelowLogStart,
        Double consumeRate,
        Double estimatedCatchUpSeconds) {
}

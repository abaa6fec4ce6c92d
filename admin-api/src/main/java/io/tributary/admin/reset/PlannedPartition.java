package io.tributary.admin.reset;

import org.apache.kafka.common.TopicPartition;

/**
 * One partition of a plan: the group's committed offset ({@code null} when it has none), the offset the reset writes,
 * and the partition's log start and end offsets when the plan was made.
 */
public record PlannedPartition(
        String topicName,
        Integer partitionId,
        Long currentOffset,
        Long newOffset,
        Long logStartOffset,
        Long logEndOffset) {

    TopicPartition topicPartition() {
        return new TopicPartition(topicName, partitionId);
    }
}

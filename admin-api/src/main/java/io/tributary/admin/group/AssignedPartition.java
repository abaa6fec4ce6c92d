package io.tributary.admin.group;

/** One partition a member owns, as {@code {"topic_name": ..., "partition_id": ...}}. */
public record AssignedPartition(String topicName, int partitionId) {
}

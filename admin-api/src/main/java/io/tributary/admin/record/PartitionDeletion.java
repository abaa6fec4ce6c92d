package io.tributary.admin.record;

/**
 * One partition of a records deletion: every record below {@code before_offset} goes ({@code -1}: up to the high
 * watermark, everything consumers can see, as in Kafka's DeleteRecords).
 */
public record PartitionDeletion(Integer partitionId, Long beforeOffset) {
}

package io.tributary.admin.record;

/** One partition after a records deletion: its log start offset before, and the new one (Kafka's low watermark). */
public record DeletedRecords(String topicName, int partitionId, Long previousLogStartOffset, long logStartOffset) {
}

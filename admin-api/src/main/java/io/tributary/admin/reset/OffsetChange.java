package io.tributary.admin.reset;

/**
 * One partition's committed offset before and after a reset or an undo ({@code null}: no committed offset).
 */
public record OffsetChange(String topicName, int partitionId, Long offsetBefore, Long offsetAfter) {
}

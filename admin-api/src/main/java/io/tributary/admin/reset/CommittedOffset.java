package io.tributary.admin.reset;

/**
 * One partition's committed offset ({@code null}: none), as the audit trail keeps a group's offsets before and after
 * a reset or an undo.
 */
public record CommittedOffset(String topicName, int partitionId, Long committedOffset) {
}

package io.tributary.admin.reset;

import java.util.List;

/**
 * A reset's or an undo's states as the audit trail keeps them: the group's offsets before and after, and after, the
 * members a forced reset or undo removed from the group (Kafka's LeaveGroup on their behalf), since that too is a
 * change the operator made.
 */
final class OffsetsAudit {

    private OffsetsAudit() {
    }

    public record Before(List<CommittedOffset> offsets) {
    }

    public record After(List<CommittedOffset> offsets, List<GroupMemberView> removedMembers) {
    }

    static Before before(List<OffsetChange> changes) {
        return new Before(changes.stream()
                .map(c -> new CommittedOffset(c.topicName(), c.partitionId(), c.offsetBefore()))
                .toList());
    }

    static After after(List<OffsetChange> changes, List<GroupMemberView> removedMembers) {
        return new After(changes.stream()
                .map(c -> new CommittedOffset(c.topicName(), c.partitionId(), c.offsetAfter()))
                .toList(), removedMembers);
    }
}

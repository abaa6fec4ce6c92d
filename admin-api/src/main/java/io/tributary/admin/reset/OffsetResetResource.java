package io.tributary.admin.reset;

import java.time.Instant;
import java.util.List;

import io.tributary.admin.resource.ResourceMetadata;

/**
 * An applied reset (or the undo of one): which offsets it wrote over which, the members it removed, and when.
 */
public record OffsetResetResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        long resetId,
        Instant appliedAt,
        Instant undoneAt,
        List<GroupMemberView> removedMembers,
        List<OffsetChange> partitions) {

    public OffsetResetResource {
        removedMembers = List.copyOf(removedMembers);
        partitions = List.copyOf(partitions);
    }
}

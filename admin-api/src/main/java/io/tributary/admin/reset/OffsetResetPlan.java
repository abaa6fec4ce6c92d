package io.tributary.admin.reset;

import java.util.List;

import io.tributary.admin.resource.ResourceMetadata;

/**
 * The answer of {@code offsets:plan-reset}: what the reset would change, and the live members it would have to
 * remove. Its {@code members} and {@code partitions}, sent back as they came with the plan's ETag in
 * {@code If-Match}, are the body of {@code offsets:reset}.
 */
public record OffsetResetPlan(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        ResetMode mode,
        List<GroupMemberView> members,
        List<PlannedPartition> partitions) {

    public OffsetResetPlan {
        members = List.copyOf(members);
        partitions = List.copyOf(partitions);
    }
}

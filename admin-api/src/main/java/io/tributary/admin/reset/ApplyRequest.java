package io.tributary.admin.reset;

import java.util.List;

/**
 * The body of {@code offsets:reset}: the plan's {@code members} and {@code partitions} as the plan answered them
 * (its ETag signs exactly these), and whether to remove live members first.
 */
public record ApplyRequest(List<GroupMemberView> members, List<PlannedPartition> partitions, Boolean force) {

    boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}

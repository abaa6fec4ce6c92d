package io.tributary.admin.reset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/**
 * What changed in a group between its plan and now: committed offsets of the planned partitions that moved, and
 * members that joined or left. Any of these makes the plan stale (412): its "before" is no longer what the reset
 * would replace, or its members are no longer the ones it would remove.
 */
final class PlanChanges {

    record ChangedOffset(String topicName, int partitionId, Long committedOffsetAtPlan, Long committedOffsetNow) {
    }

    private PlanChanges() {
    }

    /** Throws the 412 problem naming every change, or returns when the group is as the plan saw it. */
    static void requireUnchanged(String groupId, ApplyRequest plan, GroupSnapshot now) {
        List<ChangedOffset> offsets = new ArrayList<>();
        for (PlannedPartition partition : plan.partitions()) {
            Long committed = now.committed().get(partition.topicPartition());
            if (!Objects.equals(committed, partition.currentOffset())) {
                offsets.add(new ChangedOffset(partition.topicName(), partition.partitionId(),
                        partition.currentOffset(), committed));
            }
        }
        Set<String> then = ids(plan.members());
        Set<String> current = ids(now.members());
        List<GroupMemberView> joined = now.members().stream().filter(m -> !then.contains(m.consumerId())).toList();
        List<GroupMemberView> left = plan.members().stream().filter(m -> !current.contains(m.consumerId())).toList();
        if (offsets.isEmpty() && joined.isEmpty() && left.isEmpty()) {
            return;
        }
        throw new ApiProblemException(HttpStatus.PRECONDITION_FAILED, "group-changed-since-plan",
                "Group '" + groupId + "' changed since the plan: " + offsets.size() + " committed offset(s) moved, "
                        + joined.size() + " member(s) joined, " + left.size() + " left; plan the reset again",
                Map.of("changed_offsets", offsets, "members_joined", joined, "members_left", left));
    }

    private static Set<String> ids(List<GroupMemberView> members) {
        Set<String> ids = new HashSet<>();
        members.forEach(member -> ids.add(member.consumerId()));
        return ids;
    }
}

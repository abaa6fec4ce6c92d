package io.tributary.admin.reset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;

/**
 * Writes a group's offsets through the Kafka protocol: OffsetCommit for the new offsets and OffsetDelete for
 * partitions that had none before (an undo). The coordinator takes such a write only from outside the group while
 * the group is empty; with {@code force}, the live members are first removed (LeaveGroup on their behalf), and if
 * they rejoin before the write lands, they are removed and the write tried again, a bounded number of times. The
 * consumers rejoin afterwards and fetch the new offsets.
 */
@Component
class OffsetWriter {

    private static final Logger log = LoggerFactory.getLogger(OffsetWriter.class);
    private static final String REMOVAL_REASON = "offset reset through the admin API";

    private final Admin admin;
    private final AdminCalls calls;
    private final GroupReader groups;
    private final ResetProperties properties;

    OffsetWriter(Admin admin, AdminCalls calls, GroupReader groups, ResetProperties properties) {
        this.admin = admin;
        this.calls = calls;
        this.groups = groups;
        this.properties = properties;
    }

    /**
     * Commits {@code offsets} (a {@code null} value deletes the partition's committed offset) and answers the members
     * it removed; without {@code force}, a group that has members is refused.
     */
    List<GroupMemberView> write(String groupId, Map<TopicPartition, Long> offsets, boolean force) {
        List<GroupMemberView> removed = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            List<GroupMemberView> members = groups.members(groupId);
            if (!members.isEmpty()) {
                if (!force) {
                    throw LiveGroupRefusal.of(groupId, members);
                }
                removeAll(groupId);
                removed.addAll(members);
            }
            try {
                commit(groupId, offsets);
                return removed;
            } catch (UnknownMemberIdException rejoined) {
                // the coordinator refuses a write from outside a group that is not empty: members (re)joined
                if (attempt >= properties.writeAttempts()) {
                    throw new ApiProblemException(HttpStatus.CONFLICT, "group-members-rejoined",
                            "Members kept joining group '" + groupId + "' between their removal and the offset write ("
                                    + attempt + " attempts); stop its consumers and reset again");
                }
            }
        }
    }

    private void removeAll(String groupId) {
        try {
            RemoveMembersFromConsumerGroupOptions everyone = new RemoveMembersFromConsumerGroupOptions();
            everyone.reason(REMOVAL_REASON);
            calls.get(admin.removeMembersFromConsumerGroup(groupId, everyone).all());
            log.info("Removed the members of group {} for an offset reset", groupId);
        } catch (UnknownMemberIdException alreadyGone) {
            // a member left on its own between the describe and the LeaveGroup: it is gone either way
        }
    }

    private void commit(String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                commits.put(partition, new OffsetAndMetadata(offset));
            }
        });
        Set<TopicPartition> deletes = new HashSet<>(offsets.keySet());
        deletes.removeAll(commits.keySet());
        if (!commits.isEmpty()) {
            calls.get(admin.alterConsumerGroupOffsets(groupId, commits).all());
        }
        if (!deletes.isEmpty()) {
            calls.get(admin.deleteConsumerGroupOffsets(groupId, deletes).all());
        }
    }
}

package io.tributary.admin.reset;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * A group as a reset sees it at one moment: its live members and its committed offsets (partitions without a commit
 * are absent).
 */
record GroupSnapshot(List<GroupMemberView> members, Map<TopicPartition, Long> committed) {

    GroupSnapshot {
        members = List.copyOf(members);
        committed = Map.copyOf(committed);
    }
}

package io.tributary.admin.reset;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.springframework.stereotype.Component;

import io.tributary.admin.kafka.AdminCalls;

/**
 * Reads a group's live members (DescribeGroups) and committed offsets (OffsetFetch); a group that does not exist
 * has neither, which is not an error: a reset may position a group before its first consumer starts.
 */
@Component
class GroupReader {

    private final Admin admin;
    private final AdminCalls calls;

    GroupReader(Admin admin, AdminCalls calls) {
        this.admin = admin;
        this.calls = calls;
    }

    GroupSnapshot read(String groupId) {
        return new GroupSnapshot(members(groupId), committed(groupId));
    }

    List<GroupMemberView> members(String groupId) {
        ConsumerGroupDescription description;
        try {
            description = calls.get(admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId));
        } catch (GroupIdNotFoundException absent) {
            return List.of();
        }
        return description.members().stream()
                .map(GroupMemberView::of)
                .sorted(Comparator.comparing(GroupMemberView::consumerId))
                .toList();
    }

    Map<TopicPartition, Long> committed(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = calls.get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        } catch (GroupIdNotFoundException absent) {
            return Map.of();
        }
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }
}

package io.tributary.admin.reset;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.reset.LogOffsets.Bounds;

/**
 * Computes a reset's new offset for each partition in its scope, as {@code kafka-consumer-groups --reset-offsets
 * --dry-run} would: offsets, shifts and copies are clamped to the log's start and end; a datetime with no record at
 * or after it goes to the end. Changes nothing.
 */
@Component
class ResetPlanner {

    private static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION = Comparator
            .comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Admin admin;
    private final AdminCalls calls;
    private final GroupReader groups;
    private final LogOffsets logs;
    private final ResetProperties properties;
    private final Clock clock = Clock.systemUTC();

    ResetPlanner(Admin admin, AdminCalls calls, GroupReader groups, LogOffsets logs, ResetProperties properties) {
        this.admin = admin;
        this.calls = calls;
        this.groups = groups;
        this.logs = logs;
        this.properties = properties;
    }

    List<PlannedPartition> plan(String groupId, ResetRequest request, GroupSnapshot group) {
        Long timestampMs = ResetRequestCheck.check(request, clock.instant());
        Map<TopicPartition, Long> source = request.mode() == ResetMode.FROM_GROUP
                ? groups.committed(request.sourceGroupId()) : Map.of();
        Set<TopicPartition> partitions = scope(groupId, request, group, source);
        Map<TopicPartition, Bounds> bounds = logs.bounds(partitions);
        Map<TopicPartition, Long> atTimestamp = timestampMs == null ? Map.of()
                : logs.atOrAfter(partitions, timestampMs, bounds);
        List<TopicPartition> withoutCommit = new ArrayList<>();
        List<PlannedPartition> plan = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Bounds bound = bounds.get(partition);
            Long current = group.committed().get(partition);
            long target = switch (request.mode()) {
                case TO_EARLIEST -> bound.start();
                case TO_LATEST -> bound.end();
                case TO_OFFSET -> bound.clamp(request.offset());
                case SHIFT_BY -> {
                    if (current == null) {
                        withoutCommit.add(partition);
                        yield -1;
                    }
                    yield bound.clamp(saturatedAdd(current, request.shiftBy()));
                }
                case TO_DATETIME, BY_DURATION -> atTimestamp.get(partition);
                case FROM_GROUP -> bound.clamp(source.get(partition));
            };
            plan.add(new PlannedPartition(partition.topic(), partition.partition(), current, target, bound.start(),
                    bound.end()));
        }
        if (!withoutCommit.isEmpty()) {
            throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "no-committed-offset",
                    "Cannot shift the offset of " + withoutCommit + ": group '" + groupId
                            + "' has no committed offset there to shift from");
        }
        return plan;
    }

    /**
     * The partitions a reset covers, sorted: the group's committed ones (the source group's for a copy) unless a
     * topic is named; for a copy, only those the source group has a commit for.
     */
    private Set<TopicPartition> scope(String groupId, ResetRequest request, GroupSnapshot group,
            Map<TopicPartition, Long> source) {
        boolean copy = request.mode() == ResetMode.FROM_GROUP;
        Set<TopicPartition> partitions = new TreeSet<>(BY_TOPIC_AND_PARTITION);
        if (request.topicName() == null) {
            partitions.addAll(copy ? source.keySet() : group.committed().keySet());
            if (partitions.isEmpty()) {
                String owner = copy ? request.sourceGroupId() : groupId;
                throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "no-committed-offsets",
                        "Group '" + owner + "' has no committed offsets" + (copy ? " to copy" : " to reset")
                                + "; name a topic (topic_name) to reset its partitions");
            }
        } else {
            partitions.addAll(topicPartitions(request.topicName(), request.partitionId()));
            if (copy) {
                partitions.retainAll(source.keySet());
                if (partitions.isEmpty()) {
                    throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "no-committed-offsets",
                            "Group '" + request.sourceGroupId() + "' has no committed offsets to copy for topic '"
                                    + request.topicName() + "'"
                                    + (request.partitionId() == null ? "" : " partition " + request.partitionId()));
                }
            }
        }
        if (partitions.size() > properties.maxPartitions()) {
            throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-partitions",
                    "The reset covers " + partitions.size() + " partitions, more than the "
                            + properties.maxPartitions() + " one reset may; reset one topic at a time");
        }
        return partitions;
    }

    private Collection<TopicPartition> topicPartitions(String topic, Integer partitionId) {
        TopicDescription description;
        try {
            description = calls.get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
        } catch (UnknownTopicOrPartitionException e) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic + "' does not exist");
        }
        int count = description.partitions().size();
        if (partitionId == null) {
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        }
        if (partitionId >= count) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic + "' has " + count
                    + " partitions: there is no partition " + partitionId);
        }
        return List.of(new TopicPartition(topic, partitionId));
    }

    private static long saturatedAdd(long offset, long shift) {
        long sum = offset + shift;
        if (((offset ^ sum) & (shift ^ sum)) < 0) {
            return shift < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}

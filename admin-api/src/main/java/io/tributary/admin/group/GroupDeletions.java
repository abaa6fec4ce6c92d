package io.tributary.admin.group;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.audit.AuditTrail;
import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.Links;

/**
 * Deletes a consumer group, or one topic's committed offsets from a group, and records each in the audit trail.
 * A group with members is refused before Kafka is asked, naming the members, so that the operator knows which
 * consumers to stop; Kafka's own {@code NON_EMPTY_GROUP} still answers if one joins in between.
 */
@Component
class GroupDeletions {

    private static final Logger log = LoggerFactory.getLogger(GroupDeletions.class);

    private final Admin admin;
    private final AdminCalls calls;
    private final ConsumerGroups groups;
    private final ConsumerGroupViews views;
    private final AuditTrail audit;

    GroupDeletions(Admin admin, AdminCalls calls, ConsumerGroups groups, ConsumerGroupViews views, AuditTrail audit) {
        this.admin = admin;
        this.calls = calls;
        this.groups = groups;
        this.views = views;
        this.audit = audit;
    }

    void deleteGroup(String clusterId, String groupId) {
        ConsumerGroupDescription group = groups.describe(groupId);
        ConsumerGroupResource before = views.group(clusterId, group);
        if (!before.members().isEmpty()) {
            throw nonEmpty(before);
        }
        calls.get(admin.deleteConsumerGroups(List.of(groupId)).all());
        audit.record("consumer_group.delete", Links.resourceName(clusterId, "consumer-group", groupId), before, null);
        log.info("Deleted consumer group {}", groupId);
    }

    /** Deletes the group's committed offsets of every partition of {@code topic}; Kafka refuses while subscribed. */
    void deleteTopicOffsets(String clusterId, String groupId, String topic) {
        groups.describe(groupId);
        Map<TopicPartition, OffsetAndMetadata> committed =
                calls.get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<Integer, Long> before = new LinkedHashMap<>();
        committed.entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                .sorted(Map.Entry.comparingByKey(ConsumerGroupViews.PARTITION_ORDER))
                .forEach(entry -> before.put(entry.getKey().partition(), entry.getValue().offset()));
        if (before.isEmpty()) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "committed-offsets-not-found",
                    "Consumer group '" + groupId + "' has no committed offsets for topic '" + topic + "'");
        }
        Set<TopicPartition> partitions = before.keySet().stream()
                .map(partition -> new TopicPartition(topic, partition)).collect(Collectors.toSet());
        calls.get(admin.deleteConsumerGroupOffsets(groupId, partitions).all());
        audit.record("consumer_group.offsets.delete",
                Links.resourceName(clusterId, "consumer-group", groupId, "topic", topic),
                new CommittedOffsets(groupId, topic, before), null);
        log.info("Deleted the committed offsets of topic {} from consumer group {}", topic, groupId);
    }

    private static ApiProblemException nonEmpty(ConsumerGroupResource group) {
        List<ConsumerResource> members = group.members();
        String names = members.stream()
                .map(member -> member.consumerId() + " (client " + member.clientId() + " on " + member.host() + ")")
                .collect(Collectors.joining(", "));
        return new ApiProblemException(HttpStatus.CONFLICT, "non-empty-group",
                "Consumer group '" + group.consumerGroupId() + "' still has " + members.size() + " member"
                        + (members.size() == 1 ? "" : "s") + ": " + names
                        + "; stop its consumers (or wait for their session to expire) before deleting it",
                Map.of("kafka_error", Errors.NON_EMPTY_GROUP.name(),
                        "error_code", Errors.NON_EMPTY_GROUP.code(),
                        "state", group.state(),
                        "members", members));
    }

    /** The audit trail's record of deleted offsets: partition id to the offset that was committed. */
    record CommittedOffsets(String consumerGroupId, String topicName, Map<Integer, Long> committedOffsets) {
    }
}

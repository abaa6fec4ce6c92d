package io.tributary.admin.topic;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.springframework.stereotype.Component;

import io.tributary.admin.audit.AuditTrail;
import io.tributary.admin.kafka.AdminCalls;

/**
 * Adding partitions (CreatePartitions: a count not above the current one is refused by the cluster with
 * INVALID_PARTITIONS and its own message) and deleting topics (DeleteTopics), each recorded with the topic's state
 * before and after.
 */
@Component
class TopicChanges {

    private final Admin admin;
    private final AdminCalls calls;
    private final TopicDescriber describer;
    private final AuditTrail audit;

    TopicChanges(Admin admin, AdminCalls calls, TopicDescriber describer, AuditTrail audit) {
        this.admin = admin;
        this.calls = calls;
        this.describer = describer;
        this.audit = audit;
    }

    /**
     * The topic as it is once CreatePartitions succeeded: a describe at once may still see the metadata from before.
     */
    TopicResource increasePartitions(String clusterId, String topic, UpdateTopicRequest request) {
        int count = RequestChecks.required(request.partitionsCount(), "partitions_count");
        TopicResource before = describer.describe(clusterId, topic);
        calls.get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(count))).all());
        TopicResource after = before.withPartitionsCount(count);
        audit.record("topic.partitions", before.metadata().resourceName(), before, after);
        return after;
    }

    void delete(String clusterId, String topic) {
        TopicResource before = describer.describe(clusterId, topic);
        calls.get(admin.deleteTopics(List.of(topic)).all());
        audit.record("topic.delete", before.metadata().resourceName(), before, null);
    }
}

package io.tributary.node.api;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.metadata.topic.TopicRules;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.admin.TopicConfigEntry;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * CreateTopics, including {@code validateOnly}; each topic succeeds or fails on its own, except that a request for
 * more than {@link TopicRules#MAX_PARTITIONS_PER_REQUEST} partitions in all is refused as a whole, before any topic
 * is looked at: every topic gets POLICY_VIOLATION with Kafka's message. A topic's config entries are counted, and
 * its manual assignment checked for partitions named twice, before anything is built from them.
 */
public final class CreateTopicsHandler implements ApiHandler {

    private final TopicAdministration admin;
    private final TopicConfigSchema topicConfigs;

    public CreateTopicsHandler(TopicAdministration admin, TopicConfigSchema topicConfigs) {
        this.admin = admin;
        this.topicConfigs = topicConfigs;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        CreateTopicsRequestData request = (CreateTopicsRequestData) message;
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        if (requestedPartitions(request) > TopicRules.MAX_PARTITIONS_PER_REQUEST) {
            for (CreateTopicsRequestData.CreatableTopic topic : request.topics()) {
                response.topics().add(new CreateTopicsResponseData.CreatableTopicResult().setName(topic.name())
                        .setErrorCode(Errors.POLICY_VIOLATION.code()).setErrorMessage(TopicRules.EXCESSIVE_PARTITIONS)
                        .setConfigs(null));
            }
            return CompletableFuture.completedFuture(response);
        }
        for (CreateTopicsRequestData.CreatableTopic topic : request.topics()) {
            CreateTopicsResponseData.CreatableTopicResult result = new CreateTopicsResponseData.CreatableTopicResult()
                    .setName(topic.name());
            try {
                Map<Integer, List<Integer>> assignment = assignment(topic);
                TopicConfigSchema.validateEntryCount(topic.configs().size());
                Map<String, String> configs = new HashMap<>();
                topic.configs().forEach(c -> configs.put(c.name(), c.value()));
                TopicMetadata created = admin.create(topic.name(), topic.numPartitions(), topic.replicationFactor(),
                        assignment, configs, request.validateOnly());
                result.setTopicId(request.validateOnly() ? Uuid.ZERO_UUID : Uuid.fromString(created.assignment().topicId()))
                        .setNumPartitions(created.assignment().replicas().size())
                        .setReplicationFactor((short) created.assignment().replicas().values().iterator().next().size())
                        .setConfigs(configsOf(configs));
            } catch (RuntimeException e) {
                Errors error = Errors.forException(e);
                result.setErrorCode(error.code()).setErrorMessage(e.getMessage()).setConfigs(null);
            }
            response.topics().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * Kafka's count ({@code ReplicationControlManager.validateTotalNumberOfPartitions}): a topic's manual
     * assignments, else its partition count, {@code num.partitions} for -1; a count below 1 adds nothing, its topic
     * fails on its own. Summed as a long: 10,000 topics of 2³¹-1 partitions must not wrap around.
     */
    private long requestedPartitions(CreateTopicsRequestData request) {
        long total = 0;
        for (CreateTopicsRequestData.CreatableTopic topic : request.topics()) {
            if (!topic.assignments().isEmpty()) {
                total += topic.assignments().size();
            } else if (topic.numPartitions() == -1) {
                total += admin.defaultPartitions();
            } else if (topic.numPartitions() > 0) {
                total += topic.numPartitions();
            }
        }
        return total;
    }

    private static Map<Integer, List<Integer>> assignment(CreateTopicsRequestData.CreatableTopic topic) {
        Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
        for (CreateTopicsRequestData.CreatableReplicaAssignment a : topic.assignments()) {
            if (assignment.put(a.partitionIndex(), a.brokerIds()) != null) {
                throw new InvalidReplicaAssignmentException(
                        "Found multiple manual partition assignments for partition " + a.partitionIndex());
            }
        }
        return assignment;
    }

    private List<CreateTopicsResponseData.CreatableTopicConfigs> configsOf(Map<String, String> overrides) {
        return TopicConfigEntry.effective(topicConfigs, overrides).stream()
                .map(e -> new CreateTopicsResponseData.CreatableTopicConfigs()
                        .setName(e.name())
                        .setValue(e.value())
                        .setConfigSource(e.source())
                        .setReadOnly(false)
                        .setIsSensitive(false))
                .toList();
    }
}

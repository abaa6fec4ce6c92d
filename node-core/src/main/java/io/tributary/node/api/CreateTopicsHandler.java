package io.tributary.node.api;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.admin.TopicConfigEntry;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** CreateTopics, including {@code validateOnly}; each topic succeeds or fails on its own. */
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
        for (CreateTopicsRequestData.CreatableTopic topic : request.topics()) {
            CreateTopicsResponseData.CreatableTopicResult result = new CreateTopicsResponseData.CreatableTopicResult()
                    .setName(topic.name());
            try {
                Map<Integer, java.util.List<Integer>> assignment = new LinkedHashMap<>();
                topic.assignments().forEach(a -> assignment.put(a.partitionIndex(), a.brokerIds()));
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

    private java.util.List<CreateTopicsResponseData.CreatableTopicConfigs> configsOf(Map<String, String> overrides) {
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

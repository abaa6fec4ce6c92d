package io.tributary.node.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.admin.TopicConfigEntry;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * DescribeConfigs for topics: every topic config with its effective value and where it comes from, so that
 * {@code kafka-topics --describe} and {@code kafka-configs --describe} show the overrides. Broker resources are
 * answered with no dynamic configs: Tributary changes none at run time.
 */
public final class DescribeConfigsHandler implements ApiHandler {

    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    static final byte BROKER_LOGGER = 8;

    private final ClusterMetadata metadata;
    private final TopicConfigSchema topicConfigs;
    private final int brokerId;

    public DescribeConfigsHandler(ClusterMetadata metadata, TopicConfigSchema topicConfigs, int brokerId) {
        this.metadata = metadata;
        this.topicConfigs = topicConfigs;
        this.brokerId = brokerId;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        DescribeConfigsRequestData request = (DescribeConfigsRequestData) message;
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            switch (resource.resourceType()) {
                case TOPIC -> describeTopic(resource, request.includeSynonyms(), result);
                case BROKER, BROKER_LOGGER -> {
                    if (!resource.resourceName().isEmpty() && !resource.resourceName().equals(String.valueOf(brokerId))) {
                        result.setErrorCode(Errors.INVALID_REQUEST.code())
                                .setErrorMessage("This is broker " + brokerId + ", not broker " + resource.resourceName());
                    }
                }
                default -> result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Unsupported resource type " + resource.resourceType());
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void describeTopic(DescribeConfigsRequestData.DescribeConfigsResource resource, boolean includeSynonyms,
            DescribeConfigsResponseData.DescribeConfigsResult result) {
        Optional<TopicMetadata> topic = metadata.topic(resource.resourceName());
        if (topic.isEmpty()) {
            result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setErrorMessage("Topic " + resource.resourceName() + " does not exist");
            return;
        }
        List<String> keys = resource.configurationKeys();
        for (TopicConfigEntry entry : TopicConfigEntry.effective(topicConfigs, topic.get().assignment().configs())) {
            if (keys != null && !keys.isEmpty() && !keys.contains(entry.name())) {
                continue;
            }
            DescribeConfigsResponseData.DescribeConfigsResourceResult config = new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                    .setName(entry.name())
                    .setValue(entry.value())
                    .setReadOnly(false)
                    .setIsSensitive(false)
                    .setConfigSource(entry.source());
            if (includeSynonyms) {
                entry.synonyms().forEach(synonym -> config.synonyms().add(
                        new DescribeConfigsResponseData.DescribeConfigsSynonym()
                                .setName(synonym.name()).setValue(synonym.value()).setSource(synonym.source())));
            }
            result.configs().add(config);
        }
    }
}

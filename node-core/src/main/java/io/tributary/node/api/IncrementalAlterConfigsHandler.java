package io.tributary.node.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * IncrementalAlterConfigs for topic configs: SET, DELETE (back to the default), and APPEND/SUBTRACT for the list
 * config {@code cleanup.policy}. The resulting config is validated as a whole before anything is written.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler {

    private static final byte SET = 0;
    private static final byte DELETE = 1;
    private static final byte APPEND = 2;
    private static final byte SUBTRACT = 3;

    private final TopicAdministration admin;
    private final ClusterMetadata metadata;

    public IncrementalAlterConfigsHandler(TopicAdministration admin, ClusterMetadata metadata) {
        this.admin = admin;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        IncrementalAlterConfigsRequestData request = (IncrementalAlterConfigsRequestData) message;
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource resource : request.resources()) {
            IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse result =
                    new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                            .setResourceType(resource.resourceType())
                            .setResourceName(resource.resourceName());
            try {
                if (resource.resourceType() != DescribeConfigsHandler.TOPIC) {
                    throw new InvalidRequestException("Only topic configs can be changed at run time");
                }
                TopicConfigSchema.validateEntryCount(resource.configs().size());
                admin.alterConfigs(resource.resourceName(), changes(resource), request.validateOnly());
            } catch (RuntimeException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            response.responses().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private Map<String, Optional<String>> changes(IncrementalAlterConfigsRequestData.AlterConfigsResource resource) {
        Map<String, String> current = metadata.topic(resource.resourceName())
                .map(t -> t.assignment().configs())
                .orElse(Map.of());
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        for (IncrementalAlterConfigsRequestData.AlterableConfig config : resource.configs()) {
            switch (config.configOperation()) {
                case SET -> {
                    if (config.value() == null) {
                        throw new InvalidConfigurationException("Config " + config.name() + " cannot be set to null");
                    }
                    changes.put(config.name(), Optional.of(config.value()));
                }
                case DELETE -> changes.put(config.name(), Optional.empty());
                case APPEND, SUBTRACT -> changes.put(config.name(),
                        Optional.of(listChange(config, current.getOrDefault(config.name(), "delete"))));
                default -> throw new InvalidRequestException("Unknown config operation " + config.configOperation());
            }
        }
        return changes;
    }

    private static String listChange(IncrementalAlterConfigsRequestData.AlterableConfig config, String current) {
        if (!config.name().equals("cleanup.policy")) {
            throw new InvalidConfigurationException("Config " + config.name() + " is not a list: APPEND and SUBTRACT apply only to cleanup.policy");
        }
        List<String> values = new ArrayList<>(Arrays.stream(current.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        for (String value : config.value() == null ? new String[0] : config.value().split(",")) {
            String v = value.trim();
            if (config.configOperation() == APPEND && !values.contains(v)) {
                values.add(v);
            } else if (config.configOperation() == SUBTRACT) {
                values.remove(v);
            }
        }
        return String.join(",", values);
    }
}

package io.tributary.admin.topicconfig;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.tributary.admin.resource.ResourceMetadata;

/**
 * One config of a topic as Confluent's v3 API shows it, plus {@code default_value}: what the config becomes when its
 * topic override is deleted.
 *
 * @param source Kafka's config source: DYNAMIC_TOPIC_CONFIG (set on the topic), STATIC_BROKER_CONFIG,
 *               DEFAULT_CONFIG, ...
 */
public record TopicConfigResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String topicName,
        String name,
        @Schema(description = "null for a sensitive config") String value,
        boolean isDefault,
        boolean isReadOnly,
        boolean isSensitive,
        @Schema(example = "DYNAMIC_TOPIC_CONFIG") String source,
        List<ConfigSynonym> synonyms,
        @Schema(description = "the value once the topic's override is deleted: the first synonym below the topic "
                + "level; null when the cluster names none") String defaultValue) {
}

package io.tributary.broker.log;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.node.topic.TopicConfigValues;

/**
 * The per-topic storage settings, typed, built from the values {@link TopicConfigSchema} parsed and validated under
 * Kafka's topic config names, so that {@code kafka-configs.sh} and {@code Admin.incrementalAlterConfigs} work
 * unchanged. Immutable: a config change replaces the whole value.
 *
 * <p>{@code cleanup.policy=compact} has the {@link LogCleaner} keep the latest record of each key in the closed
 * segments, removing tombstones {@code delete.retention.ms} after it first saw them; {@code compact,delete} also
 * deletes whole old segments by {@code retention.ms} and {@code retention.bytes}; {@code compact} alone never does.
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        int maxMessageBytes,
        int indexIntervalBytes,
        int segmentIndexBytes,
        long flushMessages,
        long flushMs,
        String cleanupPolicy,
        int minInsyncReplicas,
        TimestampType messageTimestampType,
        long deleteRetentionMs,
        double minCleanableDirtyRatio) {

    public static final String SEGMENT_BYTES = TopicConfig.SEGMENT_BYTES_CONFIG;
    public static final String SEGMENT_MS = TopicConfig.SEGMENT_MS_CONFIG;
    public static final String RETENTION_MS = TopicConfig.RETENTION_MS_CONFIG;
    public static final String RETENTION_BYTES = TopicConfig.RETENTION_BYTES_CONFIG;
    public static final String MAX_MESSAGE_BYTES = TopicConfig.MAX_MESSAGE_BYTES_CONFIG;
    public static final String INDEX_INTERVAL_BYTES = TopicConfig.INDEX_INTERVAL_BYTES_CONFIG;
    public static final String SEGMENT_INDEX_BYTES = TopicConfig.SEGMENT_INDEX_BYTES_CONFIG;
    public static final String FLUSH_MESSAGES = TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG;
    public static final String FLUSH_MS = TopicConfig.FLUSH_MS_CONFIG;
    public static final String CLEANUP_POLICY = TopicConfig.CLEANUP_POLICY_CONFIG;
    public static final String MIN_INSYNC_REPLICAS = TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG;
    public static final String MESSAGE_TIMESTAMP_TYPE = TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG;
    public static final String DELETE_RETENTION_MS = TopicConfig.DELETE_RETENTION_MS_CONFIG;
    public static final String MIN_CLEANABLE_DIRTY_RATIO = TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG;

    public static final String CLEANUP_DELETE = TopicConfig.CLEANUP_POLICY_DELETE;
    public static final String CLEANUP_COMPACT = TopicConfig.CLEANUP_POLICY_COMPACT;

    private static final LogConfig DEFAULTS = from(TopicConfigSchema.KAFKA.parse(Map.of()));

    private static final Map<String, Function<LogConfig, Object>> GETTERS = getters();

    /** Kafka's defaults for every topic setting. */
    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /** The typed form of values the schema has parsed and validated. */
    public static LogConfig from(TopicConfigValues values) {
        return new LogConfig(
                values.getInt(SEGMENT_BYTES),
                values.getLong(SEGMENT_MS),
                values.getLong(RETENTION_MS),
                values.getLong(RETENTION_BYTES),
                values.getInt(MAX_MESSAGE_BYTES),
                values.getInt(INDEX_INTERVAL_BYTES),
                values.getInt(SEGMENT_INDEX_BYTES),
                values.getLong(FLUSH_MESSAGES),
                values.getLong(FLUSH_MS),
                String.join(",", values.getList(CLEANUP_POLICY)),
                values.getInt(MIN_INSYNC_REPLICAS),
                TimestampType.forName(values.getString(MESSAGE_TIMESTAMP_TYPE)),
                values.getLong(DELETE_RETENTION_MS),
                values.getDouble(MIN_CLEANABLE_DIRTY_RATIO));
    }

    /**
     * This config with the given topic-level settings applied.
     *
     * @throws InvalidConfigurationException naming the key and the reason for an unknown key or a bad value
     */
    public LogConfig withOverrides(Map<String, String> topicConfigs) {
        return from(TopicConfigSchema.KAFKA.withDefaults(asTopicConfigMap()).parse(topicConfigs));
    }

    /** The effective value of every topic config name, as DescribeConfigs reports it. */
    public Map<String, String> asTopicConfigMap() {
        Map<String, String> map = new LinkedHashMap<>();
        GETTERS.forEach((name, getter) -> map.put(name, String.valueOf(getter.apply(this))));
        return map;
    }

    public boolean deleteEnabled() {
        return Arrays.asList(cleanupPolicy.split(",")).contains(CLEANUP_DELETE);
    }

    /** Whether the cleaner compacts this log, and produced records must carry a key. */
    public boolean compactEnabled() {
        return Arrays.asList(cleanupPolicy.split(",")).contains(CLEANUP_COMPACT);
    }

    private static Map<String, Function<LogConfig, Object>> getters() {
        Map<String, Function<LogConfig, Object>> getters = new LinkedHashMap<>();
        getters.put(SEGMENT_BYTES, LogConfig::segmentBytes);
        getters.put(SEGMENT_MS, LogConfig::segmentMs);
        getters.put(RETENTION_MS, LogConfig::retentionMs);
        getters.put(RETENTION_BYTES, LogConfig::retentionBytes);
        getters.put(MAX_MESSAGE_BYTES, LogConfig::maxMessageBytes);
        getters.put(INDEX_INTERVAL_BYTES, LogConfig::indexIntervalBytes);
        getters.put(SEGMENT_INDEX_BYTES, LogConfig::segmentIndexBytes);
        getters.put(FLUSH_MESSAGES, LogConfig::flushMessages);
        getters.put(FLUSH_MS, LogConfig::flushMs);
        getters.put(CLEANUP_POLICY, LogConfig::cleanupPolicy);
        getters.put(MIN_INSYNC_REPLICAS, LogConfig::minInsyncReplicas);
        getters.put(MESSAGE_TIMESTAMP_TYPE, config -> config.messageTimestampType().name);
        getters.put(DELETE_RETENTION_MS, LogConfig::deleteRetentionMs);
        getters.put(MIN_CLEANABLE_DIRTY_RATIO, LogConfig::minCleanableDirtyRatio);
        return Collections.unmodifiableMap(getters);
    }
}

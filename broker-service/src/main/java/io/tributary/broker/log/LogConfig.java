package io.tributary.broker.log;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

/**
 * The per-topic storage settings, under Kafka's topic config names so that {@code kafka-configs.sh} and
 * {@code Admin.incrementalAlterConfigs} work unchanged. Immutable: a config change replaces the whole value.
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

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";

    public static final String CLEANUP_DELETE = "delete";
    public static final String CLEANUP_COMPACT = "compact";

    /** The smallest segment that can hold one record batch header; Kafka's own lower bound. */
    private static final int MIN_SEGMENT_BYTES = 14;
    /** Two offset-index entries at least, so that a segment can always roll before its index is full. */
    private static final int MIN_SEGMENT_INDEX_BYTES = 16;

    private static final LogConfig DEFAULTS = new LogConfig(
            1024 * 1024 * 1024,
            7L * 24 * 60 * 60 * 1000,
            168L * 60 * 60 * 1000,
            -1L,
            1048588,
            4096,
            10 * 1024 * 1024,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            CLEANUP_DELETE,
            1,
            TimestampType.CREATE_TIME,
            24L * 60 * 60 * 1000,
            0.5);

    private static final Map<String, Function<LogConfig, Object>> GETTERS = getters();

    public LogConfig {
        require(segmentBytes >= MIN_SEGMENT_BYTES, SEGMENT_BYTES, segmentBytes, "Value must be at least " + MIN_SEGMENT_BYTES);
        require(segmentMs >= 1, SEGMENT_MS, segmentMs, "Value must be at least 1");
        require(retentionMs >= -1, RETENTION_MS, retentionMs, "Value must be at least -1");
        require(maxMessageBytes >= 0, MAX_MESSAGE_BYTES, maxMessageBytes, "Value must be at least 0");
        require(indexIntervalBytes >= 0, INDEX_INTERVAL_BYTES, indexIntervalBytes, "Value must be at least 0");
        require(segmentIndexBytes >= MIN_SEGMENT_INDEX_BYTES, SEGMENT_INDEX_BYTES, segmentIndexBytes,
                "Value must be at least " + MIN_SEGMENT_INDEX_BYTES);
        require(flushMessages >= 1, FLUSH_MESSAGES, flushMessages, "Value must be at least 1");
        require(flushMs >= 0, FLUSH_MS, flushMs, "Value must be at least 0");
        require(minInsyncReplicas >= 1, MIN_INSYNC_REPLICAS, minInsyncReplicas, "Value must be at least 1");
        require(messageTimestampType == TimestampType.CREATE_TIME || messageTimestampType == TimestampType.LOG_APPEND_TIME,
                MESSAGE_TIMESTAMP_TYPE, messageTimestampType, "String must be one of: CreateTime, LogAppendTime");
        require(deleteRetentionMs >= 0, DELETE_RETENTION_MS, deleteRetentionMs, "Value must be at least 0");
        require(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1, MIN_CLEANABLE_DIRTY_RATIO, minCleanableDirtyRatio,
                "Value must be between 0 and 1");
        cleanupPolicy = normalizeCleanupPolicy(cleanupPolicy);
    }

    /** Kafka's defaults for every topic setting. */
    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /** The names {@link #withOverrides} accepts and {@link #asTopicConfigMap} reports, in a stable order. */
    public static Set<String> topicConfigNames() {
        return GETTERS.keySet();
    }

    /**
     * This config with the given topic-level settings applied.
     *
     * @throws InvalidConfigurationException naming the key and the reason for an unknown key or a bad value
     */
    public LogConfig withOverrides(Map<String, String> topicConfigs) {
        Map<String, String> values = asTopicConfigMap();
        topicConfigs.forEach((name, value) -> {
            if (!GETTERS.containsKey(name)) {
                throw new InvalidConfigurationException("Unknown topic config name: " + name);
            }
            if (value == null) {
                throw new InvalidConfigurationException("Invalid value null for configuration " + name + ": value must not be null");
            }
            values.put(name, value.trim());
        });
        return new LogConfig(
                parseInt(values, SEGMENT_BYTES),
                parseLong(values, SEGMENT_MS),
                parseLong(values, RETENTION_MS),
                parseLong(values, RETENTION_BYTES),
                parseInt(values, MAX_MESSAGE_BYTES),
                parseInt(values, INDEX_INTERVAL_BYTES),
                parseInt(values, SEGMENT_INDEX_BYTES),
                parseLong(values, FLUSH_MESSAGES),
                parseLong(values, FLUSH_MS),
                values.get(CLEANUP_POLICY),
                parseInt(values, MIN_INSYNC_REPLICAS),
                parseTimestampType(values.get(MESSAGE_TIMESTAMP_TYPE)),
                parseLong(values, DELETE_RETENTION_MS),
                parseDouble(values, MIN_CLEANABLE_DIRTY_RATIO));
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

    private static int parseInt(Map<String, String> values, String name) {
        String value = values.get(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "Not a number of type INT");
        }
    }

    private static long parseLong(Map<String, String> values, String name) {
        String value = values.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "Not a number of type LONG");
        }
    }

    private static double parseDouble(Map<String, String> values, String name) {
        String value = values.get(name);
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isNaN(parsed)) {
                throw new NumberFormatException(value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(name, value, "Not a number of type DOUBLE");
        }
    }

    private static TimestampType parseTimestampType(String value) {
        for (TimestampType type : List.of(TimestampType.CREATE_TIME, TimestampType.LOG_APPEND_TIME)) {
            if (type.name.equals(value)) {
                return type;
            }
        }
        throw invalid(MESSAGE_TIMESTAMP_TYPE, value, "String must be one of: CreateTime, LogAppendTime");
    }

    private static String normalizeCleanupPolicy(String value) {
        if (value == null) {
            throw invalid(CLEANUP_POLICY, null, "value must not be null");
        }
        Set<String> policies = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String policy = part.trim().toLowerCase(Locale.ROOT);
            if (!policy.equals(CLEANUP_DELETE) && !policy.equals(CLEANUP_COMPACT)) {
                throw invalid(CLEANUP_POLICY, value, "String must be one of: delete, compact");
            }
            policies.add(policy);
        }
        return String.join(",", policies);
    }

    private static void require(boolean condition, String name, Object value, String reason) {
        if (!condition) {
            throw invalid(name, value, reason);
        }
    }

    private static InvalidConfigurationException invalid(String name, Object value, String reason) {
        return new InvalidConfigurationException("Invalid value " + value + " for configuration " + name + ": " + reason);
    }
}

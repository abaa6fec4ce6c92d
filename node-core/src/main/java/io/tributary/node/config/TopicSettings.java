package io.tributary.node.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.PropertyResolver;

import io.tributary.node.topic.TopicConfigSchema;

/**
 * The topic settings every node reads, broker or coordinator: each answers the topic APIs a client may send to any
 * listed node (CreateTopics, DescribeConfigs, FindCoordinator, …), so each needs the same defaults.
 *
 * @param numPartitions             {@code num.partitions}: partitions of a topic created without a count
 * @param defaultReplicationFactor  {@code default.replication.factor}: of a topic created without one
 * @param offsetsTopicNumPartitions {@code offsets.topic.num.partitions}: FindCoordinator maps a group to one of them
 * @param logDefaults               Kafka's broker-level {@code log.*} settings under the topic config names
 *                                  ({@code retention.ms}, {@code segment.bytes}, …), to which each topic's overrides
 *                                  apply
 */
public record TopicSettings(
        int numPartitions,
        short defaultReplicationFactor,
        int offsetsTopicNumPartitions,
        Map<String, String> logDefaults) {

    public TopicSettings {
        logDefaults = Map.copyOf(logDefaults);
    }

    public static TopicSettings from(PropertyResolver env) {
        return new TopicSettings(
                Settings.positive(env, "num.partitions", 1),
                (short) Settings.positive(env, "default.replication.factor", 1),
                Settings.positive(env, "offsets.topic.num.partitions", 50),
                logDefaults(env));
    }

    /**
     * The topic-config schema with this node's defaults.
     *
     * @throws org.apache.kafka.common.errors.InvalidConfigurationException naming the config of a bad default
     */
    public TopicConfigSchema schema() {
        return TopicConfigSchema.KAFKA.withDefaults(logDefaults);
    }

    /** Kafka's broker-level names for topic defaults, with Kafka's precedence (ms over minutes over hours). */
    private static Map<String, String> logDefaults(PropertyResolver env) {
        Map<String, String> defaults = new LinkedHashMap<>();
        String retentionMs = env.getProperty("log.retention.ms");
        if (retentionMs == null && env.getProperty("log.retention.minutes") != null) {
            retentionMs = String.valueOf(Long.parseLong(env.getProperty("log.retention.minutes")) * 60_000L);
        }
        if (retentionMs == null && env.getProperty("log.retention.hours") != null) {
            retentionMs = String.valueOf(Long.parseLong(env.getProperty("log.retention.hours")) * 3_600_000L);
        }
        putIfSet(defaults, "retention.ms", retentionMs);
        String rollMs = env.getProperty("log.roll.ms");
        if (rollMs == null && env.getProperty("log.roll.hours") != null) {
            rollMs = String.valueOf(Long.parseLong(env.getProperty("log.roll.hours")) * 3_600_000L);
        }
        putIfSet(defaults, "segment.ms", rollMs);
        putIfSet(defaults, "retention.bytes", env.getProperty("log.retention.bytes"));
        putIfSet(defaults, "segment.bytes", env.getProperty("log.segment.bytes"));
        putIfSet(defaults, "index.interval.bytes", env.getProperty("log.index.interval.bytes"));
        putIfSet(defaults, "flush.messages", env.getProperty("log.flush.interval.messages"));
        putIfSet(defaults, "flush.ms", env.getProperty("log.flush.interval.ms"));
        putIfSet(defaults, "cleanup.policy", env.getProperty("log.cleanup.policy"));
        putIfSet(defaults, "max.message.bytes", env.getProperty("message.max.bytes"));
        putIfSet(defaults, "min.insync.replicas", env.getProperty("min.insync.replicas"));
        putIfSet(defaults, "delete.retention.ms", env.getProperty("log.cleaner.delete.retention.ms"));
        putIfSet(defaults, "min.cleanable.dirty.ratio", env.getProperty("log.cleaner.min.cleanable.ratio"));
        putIfSet(defaults, "unclean.leader.election.enable", env.getProperty("unclean.leader.election.enable"));
        return defaults;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.trim());
        }
    }
}

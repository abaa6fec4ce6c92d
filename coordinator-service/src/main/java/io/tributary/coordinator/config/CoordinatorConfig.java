package io.tributary.coordinator.config;

import java.time.Duration;

import org.springframework.core.env.PropertyResolver;

import io.tributary.node.config.NodeSettings;
import io.tributary.node.config.Settings;
import io.tributary.node.config.TopicSettings;

/**
 * A coordinator instance's settings, read under Apache Kafka's property names (the group-coordinator ones are
 * Kafka's broker settings of the same name). Values come from Spring's environment.
 *
 * @param coordinatorId node id advertised in Metadata/FindCoordinator; 1000 and above (brokers use 0-999)
 * @param node          the listener and ZooKeeper settings every node reads
 * @param topics        the brokers' topic defaults ({@code num.partitions}, {@code log.retention.hours}, …): a
 *                      coordinator answers the topic APIs any node may be sent, so it reads the same settings
 */
public record CoordinatorConfig(
        int coordinatorId,
        NodeSettings node,
        TopicSettings topics,
        short offsetsTopicReplicationFactor,
        Duration groupInitialRebalanceDelay,
        Duration groupMinSessionTimeout,
        Duration groupMaxSessionTimeout,
        int groupMaxSize,
        int offsetMetadataMaxBytes,
        Duration offsetsRetention,
        Duration offsetsRetentionCheckInterval) {

    public static CoordinatorConfig from(PropertyResolver env) {
        int id = env.getProperty("coordinator.id", Integer.class, 1000);
        if (id < 1000) {
            throw new IllegalArgumentException("coordinator.id must be 1000 or above (brokers use 0-999), got " + id);
        }
        long minSession = Settings.nonNegative(env, "group.min.session.timeout.ms", 6_000L);
        long maxSession = Settings.nonNegative(env, "group.max.session.timeout.ms", 1_800_000L);
        if (minSession > maxSession) {
            throw new IllegalArgumentException("group.min.session.timeout.ms (" + minSession
                    + ") is larger than group.max.session.timeout.ms (" + maxSession + ")");
        }
        return new CoordinatorConfig(
                id,
                NodeSettings.from(env, "PLAINTEXT://:9093"),
                TopicSettings.from(env),
                (short) Settings.positive(env, "offsets.topic.replication.factor", 3),
                Duration.ofMillis(Settings.nonNegative(env, "group.initial.rebalance.delay.ms", 3_000L)),
                Duration.ofMillis(minSession),
                Duration.ofMillis(maxSession),
                Settings.positive(env, "group.max.size", Integer.MAX_VALUE),
                (int) Settings.nonNegative(env, "offset.metadata.max.bytes", 4096L),
                Duration.ofMinutes(Settings.positive(env, "offsets.retention.minutes", 10_080)),
                Duration.ofMillis(Settings.positiveLong(env, "offsets.retention.check.interval.ms", 600_000L)));
    }
}

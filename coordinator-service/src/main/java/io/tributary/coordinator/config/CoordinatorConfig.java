package io.tributary.coordinator.config;

import java.time.Duration;
import java.util.Map;

import org.springframework.core.env.PropertyResolver;

import io.tributary.broker.config.BrokerConfig;
import io.tributary.broker.config.ListenerAddress;
import io.tributary.broker.config.Settings;

/**
 * A coordinator instance's settings, read under Apache Kafka's property names (the group-coordinator ones are
 * Kafka's broker settings of the same name). Values come from Spring's environment.
 *
 * @param coordinatorId node id advertised in Metadata/FindCoordinator; 1000 and above (brokers use 0-999)
 * @param logDefaults   the brokers' topic-config defaults ({@code log.retention.hours}, …): a coordinator answers
 *                      the topic APIs any node may be sent, so it reads the same settings as the brokers
 */
public record CoordinatorConfig(
        int coordinatorId,
        ListenerAddress listener,
        ListenerAddress advertisedListener,
        String zookeeperConnect,
        Duration zookeeperSessionTimeout,
        Duration zookeeperConnectionTimeout,
        int offsetsTopicNumPartitions,
        short offsetsTopicReplicationFactor,
        Duration groupInitialRebalanceDelay,
        Duration groupMinSessionTimeout,
        Duration groupMaxSessionTimeout,
        int groupMaxSize,
        int offsetMetadataMaxBytes,
        Duration offsetsRetention,
        int socketRequestMaxBytes,
        int numNetworkThreads,
        int numIoThreads,
        int numPartitions,
        short defaultReplicationFactor,
        Map<String, String> logDefaults,
        Duration offsetsRetentionCheckInterval) {

    public static CoordinatorConfig from(PropertyResolver env) {
        ListenerAddress listener = Settings.listener(env, "PLAINTEXT://:9093");
        ListenerAddress advertisedListener = Settings.advertisedListener(env, listener);
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
                listener,
                advertisedListener,
                env.getProperty("zookeeper.connect", "127.0.0.1:2181/tributary"),
                Duration.ofMillis(env.getProperty("zookeeper.session.timeout.ms", Long.class, 18_000L)),
                Duration.ofMillis(env.getProperty("zookeeper.connection.timeout.ms", Long.class, 10_000L)),
                Settings.positive(env, "offsets.topic.num.partitions", 50),
                (short) Settings.positive(env, "offsets.topic.replication.factor", 3),
                Duration.ofMillis(Settings.nonNegative(env, "group.initial.rebalance.delay.ms", 3_000L)),
                Duration.ofMillis(minSession),
                Duration.ofMillis(maxSession),
                Settings.positive(env, "group.max.size", Integer.MAX_VALUE),
                (int) Settings.nonNegative(env, "offset.metadata.max.bytes", 4096L),
                Duration.ofMinutes(Settings.positive(env, "offsets.retention.minutes", 10_080)),
                Settings.positive(env, "socket.request.max.bytes", 100 * 1024 * 1024),
                Settings.positive(env, "num.network.threads", 3),
                Settings.positive(env, "num.io.threads", 8),
                BrokerConfig.defaultPartitions(env),
                BrokerConfig.defaultReplicationFactor(env),
                BrokerConfig.logDefaults(env),
                Duration.ofMillis(Settings.positiveLong(env, "offsets.retention.check.interval.ms", 600_000L)));
    }
}

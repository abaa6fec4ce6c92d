package io.tributary.broker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.PropertyResolver;

import io.tributary.broker.log.CleanerConfig;

/**
 * A broker's settings, read under Apache Kafka's broker property names so that a Kafka {@code server.properties}
 * works as it is. Values come from Spring's environment: the command line ({@code --broker.id=1}), the environment
 * ({@code BROKER_ID=1}) or a properties file.
 *
 * @param logDefaults the broker-wide defaults of the topic-level log configs, under the topic config names
 *                    ({@code retention.ms}, {@code segment.bytes}, …), to which each topic's overrides apply
 * @param logCleaner  the size of the cleaner's key map ({@code log.cleaner.dedupe.buffer.size}) and how full it gets
 *                    ({@code log.cleaner.io.buffer.load.factor})
 * @param producerIdExpiration          how long a partition keeps an idle producer's state ({@code producer.id.expiration.ms})
 * @param producerIdExpirationCheckInterval how often idle producers are looked for
 *                                          ({@code producer.id.expiration.check.interval.ms})
 */
public record BrokerConfig(
        int brokerId,
        String rack,
        ListenerAddress listener,
        ListenerAddress advertisedListener,
        List<Path> logDirs,
        String zookeeperConnect,
        Duration zookeeperSessionTimeout,
        Duration zookeeperConnectionTimeout,
        int numPartitions,
        short defaultReplicationFactor,
        boolean autoCreateTopicsEnable,
        Duration retentionCheckInterval,
        Duration logCleanerBackoff,
        int offsetsTopicNumPartitions,
        int socketRequestMaxBytes,
        int numNetworkThreads,
        int numIoThreads,
        Map<String, String> logDefaults,
        CleanerConfig logCleaner,
        Duration producerIdExpiration,
        Duration producerIdExpirationCheckInterval) {

    public static BrokerConfig from(PropertyResolver env) {
        ListenerAddress listener = Settings.listener(env, "PLAINTEXT://:9092");
        ListenerAddress advertisedListener = Settings.advertisedListener(env, listener);
        String dirs = env.getProperty("log.dirs", env.getProperty("log.dir", "/tmp/tributary-logs"));
        List<Path> logDirs = Arrays.stream(dirs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("log.dirs is empty");
        }
        int brokerId = env.getProperty("broker.id", Integer.class, 1);
        if (brokerId < 0 || brokerId >= 1000) {
            throw new IllegalArgumentException("broker.id must be between 0 and 999 (coordinators use 1000 and above), got " + brokerId);
        }
        return new BrokerConfig(
                brokerId,
                env.getProperty("broker.rack"),
                listener,
                advertisedListener,
                logDirs,
                env.getProperty("zookeeper.connect", "127.0.0.1:2181/tributary"),
                Duration.ofMillis(env.getProperty("zookeeper.session.timeout.ms", Long.class, 18_000L)),
                Duration.ofMillis(env.getProperty("zookeeper.connection.timeout.ms", Long.class, 10_000L)),
                defaultPartitions(env),
                defaultReplicationFactor(env),
                env.getProperty("auto.create.topics.enable", Boolean.class, false),
                Duration.ofMillis(env.getProperty("log.retention.check.interval.ms", Long.class, 300_000L)),
                Duration.ofMillis(Settings.positiveLong(env, "log.cleaner.backoff.ms", 15_000L)),
                Settings.positive(env, "offsets.topic.num.partitions", 50),
                Settings.positive(env, "socket.request.max.bytes", 100 * 1024 * 1024),
                Settings.positive(env, "num.network.threads", 3),
                Settings.positive(env, "num.io.threads", 8),
                logDefaults(env),
                new CleanerConfig(env.getProperty("log.cleaner.dedupe.buffer.size", Long.class, CleanerConfig.DEFAULT.dedupeBufferSize()),
                        env.getProperty("log.cleaner.io.buffer.load.factor", Double.class, CleanerConfig.DEFAULT.loadFactor())),
                Duration.ofMillis(Settings.positiveLong(env, "producer.id.expiration.ms", 86_400_000L)),
                Duration.ofMillis(Settings.positiveLong(env, "producer.id.expiration.check.interval.ms", 600_000L)));
    }

    /** {@code num.partitions}: read by every node that creates topics, coordinators included. */
    public static int defaultPartitions(PropertyResolver env) {
        return Settings.positive(env, "num.partitions", 1);
    }

    /** {@code default.replication.factor}: read by every node that creates topics, coordinators included. */
    public static short defaultReplicationFactor(PropertyResolver env) {
        return (short) Settings.positive(env, "default.replication.factor", 1);
    }

    /**
     * Kafka's broker-level names for topic defaults, with Kafka's precedence (ms over minutes over hours), under
     * the topic config names; read by every node that reports or validates topic configs.
     */
    public static Map<String, String> logDefaults(PropertyResolver env) {
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
        return Map.copyOf(defaults);
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.trim());
        }
    }
}

package io.tributary.broker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.core.env.PropertyResolver;

import io.tributary.broker.log.CleanerConfig;
import io.tributary.broker.replication.ReplicaFetcherConfig;
import io.tributary.node.config.NodeSettings;
import io.tributary.node.config.Settings;
import io.tributary.node.config.TopicSettings;

/**
 * A broker's settings, read under Apache Kafka's broker property names so that a Kafka {@code server.properties}
 * works as it is. Values come from Spring's environment: the command line ({@code --broker.id=1}), the environment
 * ({@code BROKER_ID=1}) or a properties file.
 *
 * @param node   the listener and ZooKeeper settings every node reads
 * @param topics the topic defaults every node reads
 * @param logCleaner the size of the cleaner's key map ({@code log.cleaner.dedupe.buffer.size}) and how full it gets
 *                   ({@code log.cleaner.io.buffer.load.factor})
 * @param producerIdExpiration how long a partition keeps an idle producer's state ({@code producer.id.expiration.ms})
 * @param producerIdExpirationCheckInterval how often idle producers are looked for
 *                                          ({@code producer.id.expiration.check.interval.ms})
 * @param replicaFetcher how followers fetch from leaders ({@code replica.fetch.*})
 * @param replicaLagTimeMax how long a follower may go without catching up before the leader drops it from the ISR
 *                          ({@code replica.lag.time.max.ms})
 * @param controller how this broker acts as controller and shuts down
 */
public record BrokerConfig(
        int brokerId,
        String rack,
        NodeSettings node,
        TopicSettings topics,
        List<Path> logDirs,
        boolean autoCreateTopicsEnable,
        Duration retentionCheckInterval,
        Duration logCleanerBackoff,
        CleanerConfig logCleaner,
        Duration producerIdExpiration,
        Duration producerIdExpirationCheckInterval,
        ReplicaFetcherConfig replicaFetcher,
        Duration replicaLagTimeMax,
        ControllerConfig controller) {

    public static BrokerConfig from(PropertyResolver env) {
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
                NodeSettings.from(env, "PLAINTEXT://:9092"),
                TopicSettings.from(env),
                logDirs,
                env.getProperty("auto.create.topics.enable", Boolean.class, false),
                Duration.ofMillis(env.getProperty("log.retention.check.interval.ms", Long.class, 300_000L)),
                Duration.ofMillis(Settings.positiveLong(env, "log.cleaner.backoff.ms", 15_000L)),
                new CleanerConfig(env.getProperty("log.cleaner.dedupe.buffer.size", Long.class, CleanerConfig.DEFAULT.dedupeBufferSize()),
                        env.getProperty("log.cleaner.io.buffer.load.factor", Double.class, CleanerConfig.DEFAULT.loadFactor())),
                Duration.ofMillis(Settings.positiveLong(env, "producer.id.expiration.ms", 86_400_000L)),
                Duration.ofMillis(Settings.positiveLong(env, "producer.id.expiration.check.interval.ms", 600_000L)),
                ReplicaFetcherConfig.from(env),
                Duration.ofMillis(Settings.positiveLong(env, "replica.lag.time.max.ms", 30_000L)),
                ControllerConfig.from(env));
    }
}

package io.tributary.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.tributary.broker.Broker;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.coordinator.Coordinator;
import io.tributary.coordinator.config.CoordinatorConfig;

/**
 * A whole Tributary cluster in the calling JVM, for tests: ZooKeeper, one broker and one group coordinator as plain
 * objects (no Spring context, no web server), on ports the operating system chooses, with their data in a temporary
 * directory that {@link #close()} deletes. Its settings are tuned to start fast and to form consumer groups at once.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);

    private static final String CHROOT = "/tributary";
    /** Sessions of 1 to 10 s: a stopped test JVM's session is gone quickly, a long GC pause does not end one. */
    private static final Duration ZOOKEEPER_TICK = Duration.ofMillis(500);

    private final Path dataDir;
    private final EmbeddedZooKeeper zookeeper;
    private final Broker broker;
    private final Coordinator coordinator;
    private final TopicCreator topics;
    private boolean closed;

    private EmbeddedCluster(Path dataDir, EmbeddedZooKeeper zookeeper, Broker broker, Coordinator coordinator) {
        this.dataDir = dataDir;
        this.zookeeper = zookeeper;
        this.broker = broker;
        this.coordinator = coordinator;
        this.topics = new TopicCreator(bootstrapServers());
    }

    /** Starts a cluster with the default settings. */
    public static EmbeddedCluster start() {
        return start(Map.of());
    }

    /**
     * Starts a cluster.
     *
     * @param settings broker and coordinator settings under Kafka's names ({@code num.partitions},
     *                 {@code auto.create.topics.enable}, …), each replacing the embedded default of the same name
     */
    public static EmbeddedCluster start(Map<String, String> settings) {
        long started = System.nanoTime();
        Path dataDir = createDataDir();
        EmbeddedZooKeeper zookeeper = null;
        Broker broker = null;
        Coordinator coordinator = null;
        try {
            zookeeper = EmbeddedZooKeeper.start(dataDir.resolve("zookeeper"), 0, ZOOKEEPER_TICK);
            MeterRegistry meters = new SimpleMeterRegistry();
            Map<String, String> shared = sharedSettings(zookeeper.connectString(CHROOT));
            broker = new Broker(BrokerConfig.from(environment(shared, Map.of(
                    "broker.id", "1",
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", dataDir.resolve("logs").toString()), settings)), meters, Clock.systemUTC());
            broker.start();
            coordinator = new Coordinator(CoordinatorConfig.from(environment(shared, Map.of(
                    "coordinator.id", "1000",
                    "listeners", "PLAINTEXT://127.0.0.1:0"), settings)), meters, Clock.systemUTC());
            coordinator.start();
        } catch (RuntimeException e) {
            try {
                stop(coordinator, broker, zookeeper, dataDir);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        EmbeddedCluster cluster = new EmbeddedCluster(dataDir, zookeeper, broker, coordinator);
        log.info("Embedded Tributary ready on {} in {} ms (data in {})", cluster.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000, dataDir);
        return cluster;
    }

    /** One broker: what the standalone jar sets, with no wait before the first rebalance, and nothing to move away. */
    private static Map<String, String> sharedSettings(String zookeeperConnect) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("zookeeper.connect", zookeeperConnect);
        settings.put("zookeeper.session.timeout.ms", "6000");
        settings.put("zookeeper.connection.timeout.ms", "6000");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "3");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("controlled.shutdown.enable", "false");
        return settings;
    }

    private static StandardEnvironment environment(Map<String, ?> shared, Map<String, ?> own, Map<String, ?> overrides) {
        StandardEnvironment environment = new StandardEnvironment();
        // a test JVM's system properties and environment must not reconfigure the embedded nodes
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(source("embedded-overrides", overrides));
        environment.getPropertySources().addLast(source("embedded-node", own));
        environment.getPropertySources().addLast(source("embedded-cluster", shared));
        return environment;
    }

    private static MapPropertySource source(String name, Map<String, ?> settings) {
        return new MapPropertySource(name, new LinkedHashMap<>(settings));
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("tributary-embedded-");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a data directory for the embedded Tributary: " + e, e);
        }
    }

    /** host:port of the broker, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + broker.boundPort();
    }

    /** The ZooKeeper connect string with the cluster's chroot, as the nodes use it. */
    public String zookeeperConnect() {
        return zookeeper.connectString(CHROOT);
    }

    /** Where the nodes keep their data; deleted by {@link #close()}. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates each topic that does not exist yet with {@code partitions} partitions, raises the partition count of one
     * that has fewer, keeps one that has more (partitions cannot be lowered), and returns once every partition of them
     * has a leader.
     *
     * @throws IllegalStateException when the cluster refuses a topic
     */
    public synchronized void createTopics(int partitions, String... names) {
        if (closed) {
            throw new IllegalStateException("The embedded Tributary is closed");
        }
        topics.ensure(partitions, names);
    }

    /** Stops the coordinator, the broker and ZooKeeper, and deletes the data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        topics.close();
        stop(coordinator, broker, zookeeper, dataDir);
        log.info("Embedded Tributary stopped, {} deleted", dataDir);
    }

    private static void stop(Coordinator coordinator, Broker broker, EmbeddedZooKeeper zookeeper, Path dataDir) {
        if (coordinator != null) {
            coordinator.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
        DataDirectory.delete(dataDir);
    }
}

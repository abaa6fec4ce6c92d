package io.tributary.broker;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.broker.controller.ControllerMetrics;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogDirectory;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.broker.replication.ReplicaFetcherManager;
import io.tributary.broker.replication.LeaderReplication;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.controller.ControlledShutdown;
import io.tributary.metadata.controller.ControllerElection;
import io.tributary.metadata.controller.PartitionController;
import io.tributary.metadata.controller.PartitionId;
import io.tributary.metadata.controller.TopicDeletionExecutor;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.config.Listeners;
import io.tributary.node.config.NodeSettings;
import io.tributary.node.lifecycle.Closeables;
import io.tributary.node.lifecycle.StaleRegistration;
import io.tributary.node.producer.ProducerIdManager;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.KafkaProtocolServer;

/**
 * One broker: its logs, its place in the cluster and its Kafka listener, started in the order that lets each part
 * rely on the one before, and stopped in reverse. The broker registers in ZooKeeper only once it is listening, so
 * no client is sent to a broker that cannot answer yet.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private static final long FLUSH_CHECK_MS = 1_000;
    private static final long CHECKPOINT_INTERVAL_MS = 60_000;

    private final BrokerConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private LogManager logManager;
    private CuratorFramework zookeeper;
    private ClusterMetadata metadata;
    private ControllerElection election;
    private TopicDeletionExecutor deletions;
    private PartitionController controller;
    private BrokerRegistration registration;
    private KafkaProtocolServer server;
    private BrokerSchedulers schedulers;
    private ReplicaFetcherManager replicaFetchers;
    private volatile boolean running;

    public Broker(BrokerConfig config, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    public void start() {
        TopicConfigSchema topicConfigs = config.topics().schema();
        LogConfig logDefaults = LogConfig.from(topicConfigs.parse(Map.of()));
        logManager = new LogManager(config.logDirs(), logDefaults, config.logCleaner(), clock);
        logManager.startup();
        LogDirMetrics.register(meters, logManager);
        NodeSettings node = config.node();
        zookeeper = ZooKeeperConnection.connect(node.zookeeperConnect(), node.zookeeperSessionTimeout(),
                node.zookeeperConnectionTimeout());
        metadata = new ClusterMetadata(zookeeper);
        metadata.start();
        election = metadata.controllerElection(config.brokerId());
        election.start();
        deletions = new TopicDeletionExecutor(zookeeper, election);
        deletions.start();
        controller = new PartitionController(zookeeper, metadata, election, config.controller().settings(topicConfigs),
                config.brokerId());
        controller.start();
        ControllerMetrics.register(meters, controller);

        schedulers = new BrokerSchedulers();
        PartitionManager partitions = new PartitionManager(config.brokerId(), logManager, topicConfigs);
        // the broker epoch: the registration's start time, which followers send with every fetch
        long brokerEpoch = clock.millis();
        replicaFetchers = new ReplicaFetcherManager(config.brokerId(), brokerEpoch, config.replicaFetcher(),
                id -> metadata.liveBrokers().stream().filter(broker -> broker.id() == id).findFirst(), clock);
        partitions.addLeadershipListener(replicaFetchers);
        LeaderReplication leaderReplication = new LeaderReplication(config.brokerId(), metadata,
                config.replicaLagTimeMax(), clock, schedulers.isr(), meters);
        partitions.addLeadershipListener(leaderReplication);
        metadata.addListener(partitions);
        partitions.loadFrom(metadata.topics());
        leaderReplication.start();

        ClusterView cluster = new ClusterView(metadata, election);
        server = new KafkaProtocolServer(node.protocolServer(),
                BrokerApis.registry(config, topicConfigs, metadata, cluster, logManager, partitions,
                        new ProducerIdManager(metadata, config.brokerId()), schedulers.fetchTimer(), controller),
                meters, "broker");
        server.start();
        Listeners.Advertised advertised = node.listeners().advertised(server::boundPort);
        registration = new BrokerRegistration(config.brokerId(), advertised.interBroker(), advertised.all(),
                config.rack(), brokerEpoch);
        StaleRegistration.register(() -> metadata.registerBroker(registration), MetadataException.Reason.BROKER_ID_IN_USE,
                node.zookeeperSessionTimeout(), "broker " + config.brokerId(), log);
        scheduleMaintenance();
        running = true;
        log.info("Broker {} serving the Kafka protocol (advertised {}, inter-broker {}), cluster {}",
                config.brokerId(), advertised.all(), advertised.interBroker().listener(), cluster.clusterId());
    }

    private void scheduleMaintenance() {
        ScheduledExecutorService maintenance = schedulers.maintenance();
        long retentionMs = config.retentionCheckInterval().toMillis();
        maintenance.scheduleWithFixedDelay(guarded("retention", () -> logManager.checkRetention(clock.millis())),
                retentionMs, retentionMs, TimeUnit.MILLISECONDS);
        long cleanerBackoffMs = config.logCleanerBackoff().toMillis();
        schedulers.cleaner().scheduleWithFixedDelay(guarded("log cleaner", () -> logManager.cleanLogs(clock.millis())),
                cleanerBackoffMs, cleanerBackoffMs, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(guarded("flush", () -> logManager.flushDirty(clock.millis())),
                FLUSH_CHECK_MS, FLUSH_CHECK_MS, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(guarded("checkpoint", logManager::checkpoint),
                CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        long producerExpiryCheckMs = config.producerIdExpirationCheckInterval().toMillis();
        long producerExpirationMs = config.producerIdExpiration().toMillis();
        maintenance.scheduleWithFixedDelay(guarded("producer expiry",
                        () -> logManager.removeExpiredProducers(clock.millis(), producerExpirationMs)),
                producerExpiryCheckMs, producerExpiryCheckMs, TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(String task, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                log.error("Log maintenance task '{}' failed", task, e);
            }
        };
    }

    public boolean isRunning() {
        return running;
    }

    /** The log directories, each online or offline. */
    public List<LogDirectory> logDirectories() {
        return logManager.logDirectories();
    }

    /** Whether every partition this broker followed since it started has caught up with its leader once. */
    public boolean isCaughtUp() {
        return replicaFetchers != null && replicaFetchers.isCaughtUp();
    }

    /** Partitions still catching up with their leaders after the start. */
    public Set<TopicPartition> partitionsCatchingUp() {
        return replicaFetchers == null ? Set.of() : replicaFetchers.catchingUp();
    }

    public boolean isZooKeeperConnected() {
        return zookeeper != null && zookeeper.getZookeeperClient().isConnected();
    }

    public int boundPort() {
        return server.boundPort();
    }

    /** The first step of {@link #close()}; idempotent, and for tests callable on its own. */
    void shutDownControlled() {
        try {
            List<PartitionId> kept = ControlledShutdown.shutDown(metadata, registration,
                    config.controller().controlledShutdownTimeout());
            if (kept.isEmpty()) {
                log.info("Broker {} moved its leaderships away (controlled shutdown)", config.brokerId());
            } else {
                log.warn("Broker {} shuts down still leading {} partitions another replica could lead: {}",
                        config.brokerId(), kept.size(), kept);
            }
        } catch (RuntimeException e) {
            log.warn("Controlled shutdown of broker {} failed, shutting down regardless: {}", config.brokerId(),
                    e.getMessage());
        }
    }

    /** For tests: the broker's timer and maintenance threads. */
    BrokerSchedulers schedulers() {
        return schedulers;
    }

    /**
     * Stops the broker. A running broker first shuts down in a controlled way (Kafka's controlled shutdown): it says so
     * in its registration, the controller moves its leaderships to other ISR members, and it waits for that, up to
     * {@code controlled.shutdown.timeout.ms}, while still serving, so clients move with the leaderships and lose nothing.
     */
    @Override
    public void close() {
        // without ZooKeeper no controller can move anything, and every write would wait out Curator's retries
        if (running && config.controller().controlledShutdown() && isZooKeeperConnected()) {
            shutDownControlled();
        }
        running = false;
        Closeables.closeQuietly(log, "protocol server", server);
        Closeables.closeQuietly(log, "replica fetchers", replicaFetchers);
        Closeables.closeQuietly(log, "schedulers", schedulers);
        Closeables.closeQuietly(log, "topic deletions", deletions);
        Closeables.closeQuietly(log, "partition controller", controller);
        Closeables.closeQuietly(log, "controller election", election);
        Closeables.closeQuietly(log, "cluster metadata", metadata);
        Closeables.closeQuietly(log, "ZooKeeper client", zookeeper);
        if (logManager != null) {
            logManager.shutdown();
        }
        log.info("Broker {} stopped", config.brokerId());
    }
}

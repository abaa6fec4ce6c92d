package io.tributary.broker;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.admin.ClusterView;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogDirectory;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.broker.partition.ProducerIdManager;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.controller.ControllerElection;
import io.tributary.metadata.controller.TopicDeletionExecutor;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.protocol.KafkaProtocolServer;
import io.tributary.protocol.ProtocolServerConfig;

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
    private KafkaProtocolServer server;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public Broker(BrokerConfig config, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    public void start() {
        LogConfig logDefaults = LogConfig.defaults().withOverrides(config.logDefaults());
        logManager = new LogManager(config.logDirs(), logDefaults, clock);
        logManager.startup();
        LogDirMetrics.register(meters, logManager.logDirectories());
        zookeeper = ZooKeeperConnection.connect(config.zookeeperConnect(), config.zookeeperSessionTimeout(),
                config.zookeeperConnectionTimeout());
        metadata = new ClusterMetadata(zookeeper);
        metadata.start();
        election = metadata.controllerElection(config.brokerId());
        election.start();
        deletions = new TopicDeletionExecutor(zookeeper, election);
        deletions.start();

        PartitionManager partitions = new PartitionManager(config.brokerId(), logManager, logDefaults);
        metadata.addListener(partitions);
        partitions.loadFrom(metadata.topics());

        scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "tributary-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        ClusterView cluster = new ClusterView(metadata, election);
        server = new KafkaProtocolServer(
                new ProtocolServerConfig(config.listener().bindHost(), config.listener().port(),
                        config.socketRequestMaxBytes(), config.numNetworkThreads(), config.numIoThreads()),
                BrokerApis.registry(config, metadata, cluster, partitions,
                        new ProducerIdManager(metadata, config.brokerId()), scheduler),
                meters, "broker");
        server.start();
        int advertisedPort = config.advertisedListener().port() == 0 ? server.boundPort() : config.advertisedListener().port();
        BrokerRegistration registration = new BrokerRegistration(config.brokerId(), config.advertisedListener().host(),
                advertisedPort, config.rack(), clock.millis());
        StaleRegistration.register(() -> metadata.registerBroker(registration), MetadataException.Reason.BROKER_ID_IN_USE,
                config.zookeeperSessionTimeout(), "broker " + config.brokerId(), log);
        scheduleMaintenance();
        running = true;
        log.info("Broker {} serving the Kafka protocol on {}:{} (advertised {}:{}), cluster {}", config.brokerId(),
                config.listener().bindHost(), server.boundPort(), config.advertisedListener().host(), advertisedPort,
                cluster.clusterId());
    }

    private void scheduleMaintenance() {
        long retentionMs = config.retentionCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(guarded("retention", () -> logManager.checkRetention(clock.millis())),
                retentionMs, retentionMs, TimeUnit.MILLISECONDS);
        long cleanerBackoffMs = config.logCleanerBackoff().toMillis();
        scheduler.scheduleWithFixedDelay(guarded("log cleaner", () -> logManager.cleanLogs(clock.millis())),
                cleanerBackoffMs, cleanerBackoffMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("flush", () -> logManager.flushDirty(clock.millis())),
                FLUSH_CHECK_MS, FLUSH_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("checkpoint", logManager::checkpoint),
                CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS, TimeUnit.MILLISECONDS);
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

    public boolean isZooKeeperConnected() {
        return zookeeper != null && zookeeper.getZookeeperClient().isConnected();
    }

    public int boundPort() {
        return server.boundPort();
    }

    @Override
    public void close() {
        running = false;
        Closeables.closeQuietly(log, "protocol server", server);
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        Closeables.closeQuietly(log, "topic deletions", deletions);
        Closeables.closeQuietly(log, "controller election", election);
        Closeables.closeQuietly(log, "cluster metadata", metadata);
        Closeables.closeQuietly(log, "ZooKeeper client", zookeeper);
        if (logManager != null) {
            logManager.shutdown();
        }
        log.info("Broker {} stopped", config.brokerId());
    }
}

package io.tributary.coordinator;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.coordinator.config.CoordinatorConfig;
import io.tributary.coordinator.group.ExecutorScheduler;
import io.tributary.coordinator.group.GroupConfig;
import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.coordinator.lag.GroupLagMetrics;
import io.tributary.coordinator.offsets.ConsumerOffsetsLog;
import io.tributary.coordinator.offsets.OffsetsTopicSettings;
import io.tributary.coordinator.ownership.OffsetsPartitionOwnership;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.controller.ControllerElection;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.api.ClusterApiCatalog;
import io.tributary.node.api.ClusterApis;
import io.tributary.node.api.NodeRole;
import io.tributary.node.api.TopicAutoCreation;
import io.tributary.node.config.Listeners;
import io.tributary.node.config.NodeSettings;
import io.tributary.node.config.TopicSettings;
import io.tributary.node.lifecycle.Closeables;
import io.tributary.node.lifecycle.StaleRegistration;
import io.tributary.node.producer.ProducerIdManager;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.ApiRegistry;
import io.tributary.protocol.KafkaProtocolServer;

/**
 * One coordinator instance: the group coordinator behind a Kafka listener, persisting to {@code __consumer_offsets}
 * and owning the share of its partitions that ZooKeeper gives it. It registers before it claims partitions, and it
 * listens before it registers, so that brokers never send a client to a coordinator that cannot answer.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    private final CoordinatorConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private CuratorFramework zookeeper;
    private ClusterMetadata metadata;
    private ConsumerOffsetsLog offsetsLog;
    private GroupCoordinator groups;
    /** Read by the offsets log's appends on other threads; set before any partition can be loaded. */
    private volatile OffsetsPartitionOwnership ownership;
    private GroupLagMetrics lagMetrics;
    private KafkaProtocolServer server;
    /** Group timers only (session, join and sync timeouts), which must fire on time. */
    private ScheduledExecutorService scheduler;
    /** Work that blocks (offset expiry writing tombstones, lag refresh waiting on ListOffsets), kept off the timers. */
    private ScheduledExecutorService maintenance;
    private volatile boolean running;

    public Coordinator(CoordinatorConfig config, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    public void start() {
        NodeSettings node = config.node();
        zookeeper = ZooKeeperConnection.connect(node.zookeeperConnect(), node.zookeeperSessionTimeout(),
                node.zookeeperConnectionTimeout());
        metadata = new ClusterMetadata(zookeeper);
        metadata.start();
        offsetsLog = new ConsumerOffsetsLog(metadata, OffsetsTopicSettings.KAFKA
                .withPartitions(config.topics().offsetsTopicNumPartitions())
                .withReplicationFactor(config.offsetsTopicReplicationFactor()),
                p -> ownership == null ? OptionalLong.empty() : ownership.epoch(p));
        scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "tributary-group-timer");
            thread.setDaemon(true);
            return thread;
        });
        maintenance = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tributary-coordinator-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        groups = new GroupCoordinator(GroupConfig.from(config), offsetsLog,
                tp -> metadata.topic(tp.topic()).map(t -> t.assignment().replicas().containsKey(tp.partition())).orElse(false),
                clock, new ExecutorScheduler(scheduler));

        server = new KafkaProtocolServer(node.protocolServer(), apis(), meters, "coordinator");
        server.start();
        Listeners.Advertised advertised = node.listeners().advertised(server::boundPort);
        CoordinatorRegistration registration = new CoordinatorRegistration(config.coordinatorId(),
                advertised.interBroker(), advertised.all());
        StaleRegistration.register(() -> metadata.registerCoordinator(registration),
                MetadataException.Reason.COORDINATOR_ID_IN_USE, node.zookeeperSessionTimeout(),
                "coordinator " + config.coordinatorId(), log);
        ownership = new OffsetsPartitionOwnership(metadata, zookeeper, config.coordinatorId(),
                config.topics().offsetsTopicNumPartitions(), offsetsLog::replay, groups);
        ownership.start();
        long expiryMs = config.offsetsRetentionCheckInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::expireOffsets, expiryMs, expiryMs, TimeUnit.MILLISECONDS);
        lagMetrics = new GroupLagMetrics(groups, metadata, meters, maintenance, clock);
        lagMetrics.start();
        running = true;
        log.info("Coordinator {} serving consumer groups (advertised {}, inter-broker {})", config.coordinatorId(),
                advertised.all(), advertised.interBroker().listener());
    }

    private void expireOffsets() {
        try {
            groups.expireOffsets();
        } catch (RuntimeException e) {
            log.error("Expiring committed offsets failed", e);
        }
    }

    private ApiRegistry apis() {
        ControllerElection controller = metadata.controllerElection(config.coordinatorId());
        ClusterView cluster = new ClusterView(metadata, controller::controllerId);
        TopicSettings topics = config.topics();
        TopicConfigSchema topicConfigs = topics.schema();
        TopicAdministration admin = new TopicAdministration(metadata, topicConfigs, topics.numPartitions(),
                topics.defaultReplicationFactor());
        Map<ApiKeys, ApiHandler> handlers = ClusterApis.handlers(config.coordinatorId(), metadata, cluster, admin,
                TopicAutoCreation.disabled(), topicConfigs, new ProducerIdManager(metadata, config.coordinatorId()),
                topics.offsetsTopicNumPartitions());
        handlers.putAll(CoordinatorApis.handlers(groups));
        return ClusterApiCatalog.registry(NodeRole.COORDINATOR, config.coordinatorId(), handlers);
    }

    public boolean isRunning() {
        return running;
    }

    public boolean isZooKeeperConnected() {
        return zookeeper != null && zookeeper.getZookeeperClient().isConnected();
    }

    public int boundPort() {
        return server.boundPort();
    }

    public GroupCoordinator groups() {
        return groups;
    }

    /** For tests: the thread of the coordinator's blocking periodic work. */
    ScheduledExecutorService maintenance() {
        return maintenance;
    }

    @Override
    public void close() {
        running = false;
        Closeables.closeQuietly(log, "lag metrics", lagMetrics);
        Closeables.closeQuietly(log, "partition ownership", ownership);
        Closeables.closeQuietly(log, "protocol server", server);
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        Closeables.closeQuietly(log, "__consumer_offsets log", offsetsLog);
        Closeables.closeQuietly(log, "cluster metadata", metadata);
        Closeables.closeQuietly(log, "ZooKeeper client", zookeeper);
        log.info("Coordinator {} stopped", config.coordinatorId());
    }
}

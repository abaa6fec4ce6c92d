package io.tributary.broker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.tributary.broker.log.CleanerConfig;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.log.PartitionLog;
import io.tributary.broker.log.StorageIo;
import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.broker.replication.ReplicaFetcherConfig;
import io.tributary.broker.replication.ReplicaFetcherManager;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.node.topic.TopicConfigSchema;

/**
 * A follower broker's storage and replication in the test's hands: its logs (over a {@link StorageIo} the test may
 * fail), its partition manager and its fetchers, registered in ZooKeeper under {@code brokerId} without a listener of
 * its own. The test decides when it learns of a topic ({@link #follow}), so it can prepare the logs first.
 */
final class LocalFollower implements AutoCloseable {

    static final long BROKER_EPOCH = 42L;

    private final ClusterMetadata metadata;
    private final LogManager logs;
    private final PartitionManager partitions;
    private final ReplicaFetcherManager fetchers;

    LocalFollower(int brokerId, ClusterMetadata metadata, List<Path> logDirs, StorageIo io) {
        this.metadata = metadata;
        metadata.registerBroker(new BrokerRegistration(brokerId, "127.0.0.1", 9, null, BROKER_EPOCH));
        logs = new LogManager(logDirs, LogConfig.defaults(), CleanerConfig.DEFAULT, Clock.systemUTC(), io);
        logs.startup();
        partitions = new PartitionManager(brokerId, logs, TopicConfigSchema.KAFKA);
        fetchers = new ReplicaFetcherManager(brokerId, BROKER_EPOCH, new ReplicaFetcherConfig(1 << 20, 10 << 20,
                Duration.ofMillis(200), 1, Duration.ofMillis(100), Duration.ofSeconds(10)),
                id -> metadata.liveBrokers().stream().filter(b -> b.id() == id).findFirst(), Clock.systemUTC());
        partitions.addLeadershipListener(fetchers);
    }

    LogManager logs() {
        return logs;
    }

    /** Learns the topic as ZooKeeper has it now: creates or updates its replicas here, which start fetching. */
    void follow(String topic) {
        partitions.onTopicChanged(metadata.topic(topic).orElseThrow());
    }

    PartitionLog log(String topic, int partition) {
        return partitions.partition(topic, partition).map(Partition::log).orElseThrow();
    }

    @Override
    public void close() {
        fetchers.close();
        logs.shutdown();
    }
}

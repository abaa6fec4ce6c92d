package io.tributary.broker.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.log.MutableClock;
import io.tributary.broker.partition.LeadershipListener;
import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.node.topic.TopicConfigSchema;

/**
 * The leader's ISR writes against a real ZooKeeper: compare-and-set on the partition state as this broker last saw
 * it, at its leader epoch and the controller epoch it read. The broker's view of the topic is fed by hand here, so
 * that a view older than ZooKeeper (a race lost to the controller) is the test's to arrange.
 */
class IsrWriterIT {

    private static final int LEADER = 1;
    private static final long LAG_MS = 10_000;
    private static final String TOPIC = "t";

    @TempDir
    Path dataDir;
    private TestingServer zookeeper;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private LogManager logs;
    private PartitionManager partitions;
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Counter shrinks = meters.counter("shrinks");
    private final Counter expands = meters.counter("expands");
    private IsrWriter writer;
    private LeaderTerm term;

    @BeforeEach
    void start() throws Exception {
        zookeeper = new TestingServer(true);
        client = ZooKeeperConnection.connect(zookeeper.getConnectString() + "/tributary", Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        metadata = new ClusterMetadata(client);
        metadata.start();
        for (int id = 1; id <= 3; id++) {
            metadata.registerBroker(new BrokerRegistration(id, "127.0.0.1", 9, null, 100 + id));
        }
        metadata.createTopic(new NewTopic(TOPIC, -1, (short) -1, Map.of(0, List.of(1, 2, 3)), Map.of()), false);
        logs = new LogManager(List.of(dataDir), LogConfig.defaults(), clock);
        logs.startup();
        partitions = new PartitionManager(LEADER, logs, TopicConfigSchema.KAFKA);
        partitions.addLeadershipListener(new LeadershipListener() {
            @Override
            public void becameLeader(Partition partition, PartitionState state) {
                term = new LeaderTerm(partition, state, LEADER, clock, LAG_MS, id -> OptionalLong.of(100 + id), id -> {
                });
                partition.installFollowerProgress(term);
            }

            @Override
            public void becameFollower(Partition partition, PartitionState state) {
                term = null;
            }
        });
        partitions.onTopicChanged(awaitState(state -> true));
        writer = new IsrWriter(metadata, LEADER, shrinks, expands);
    }

    @AfterEach
    void stop() throws Exception {
        logs.shutdown();
        metadata.close();
        client.close();
        zookeeper.close();
    }

    @Test
    void followersBehindForLongerThanTheLagTimeAreDroppedAtTheSameLeaderAndControllerEpoch() {
        PartitionState before = storedState();
        partition().recordFollowerFetch(2, 0, 0, 102, 0);
        clock.advance(LAG_MS + 1);
        partition().recordFollowerFetch(2, 0, 0, 102, 0);

        writer.maybeShrink(term);

        awaitState(s -> s.equals(new PartitionState(LEADER, before.leaderEpoch(), List.of(1, 2),
                before.controllerEpoch())));
        assertThat(shrinks.count()).isEqualTo(1);
        assertThat(term.changeInFlight()).as("pending until this broker's view shows the write").isTrue();
        partitions.onTopicChanged(awaitState(s -> s.isr().equals(List.of(1, 2))));
        assertThat(term.changeInFlight()).isFalse();
    }

    @Test
    void aWriteThatLostARaceChangesNothingAndIsDecidedAgainOnTheNewState() {
        PartitionState before = storedState();
        // the controller takes broker 2 out of the ISR; this broker has not seen it yet
        PartitionState controllers = new PartitionState(LEADER, before.leaderEpoch(), List.of(1, 3), before.controllerEpoch());
        assertThat(metadata.compareAndSetPartitionState(TOPIC, 0, before, controllers)).isTrue();
        clock.advance(LAG_MS + 1);

        writer.maybeShrink(term);
        assertThat(shrinks.count()).as("the write compared against a state no longer stored").isZero();
        assertThat(term.changeInFlight()).isFalse();

        partitions.onTopicChanged(awaitState(s -> s.equals(controllers)));
        writer.maybeShrink(term);
        assertThat(shrinks.count()).isEqualTo(1);
        awaitState(s -> s.isr().equals(List.of(1)));
    }

    @Test
    void aTermOfAnEarlierLeaderEpochWritesNothing() {
        LeaderTerm earlier = term;
        PartitionState before = storedState();
        PartitionState bumped = new PartitionState(LEADER, before.leaderEpoch() + 1, before.isr(), before.controllerEpoch());
        assertThat(metadata.compareAndSetPartitionState(TOPIC, 0, before, bumped)).isTrue();
        partitions.onTopicChanged(awaitState(s -> s.equals(bumped)));
        assertThat(term).isNotSameAs(earlier);
        clock.advance(LAG_MS + 1);

        writer.maybeShrink(earlier);
        assertThat(shrinks.count()).isZero();
        assertThat(storedState()).isEqualTo(bumped);
    }

    @Test
    void aFollowerCaughtUpFromItsLiveIncarnationIsAdded() {
        PartitionState before = storedState();
        PartitionState shrunk = new PartitionState(LEADER, before.leaderEpoch(), List.of(1, 2), before.controllerEpoch());
        assertThat(metadata.compareAndSetPartitionState(TOPIC, 0, before, shrunk)).isTrue();
        partitions.onTopicChanged(awaitState(s -> s.equals(shrunk)));

        partition().recordFollowerFetch(3, 0, 0, 103, 0);
        writer.maybeExpand(term, 3);

        assertThat(expands.count()).isEqualTo(1);
        awaitState(s -> s.equals(new PartitionState(LEADER, before.leaderEpoch(), List.of(1, 2, 3),
                before.controllerEpoch())));
    }

    private Partition partition() {
        return partitions.partition(TOPIC, 0).orElseThrow();
    }

    private PartitionState storedState() {
        return awaitState(s -> true).partitions().get(0);
    }

    /** The topic as this process's cache shows it, once its partition state passes {@code test}. */
    private TopicMetadata awaitState(Predicate<PartitionState> test) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> metadata.topic(TOPIC).orElse(null),
                topic -> topic != null && topic.partitions().get(0) != null && test.test(topic.partitions().get(0)));
    }
}

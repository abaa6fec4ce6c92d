package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.zk.ZooKeeperConnection;

/**
 * Three brokers in this JVM over a real ZooKeeper, driven with kafka-clients' Admin: controlled shutdown moves
 * leaderships before a broker goes, and ElectLeaders brings preferred leaders back. Nothing here depends on records
 * being replicated: the ISR is what ZooKeeper says, set where a test needs it as a leader would set it.
 */
class ControllerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    private TestingServer zookeeper;
    private final Map<Integer, Broker> brokers = new HashMap<>();
    private final Map<Integer, SimpleMeterRegistry> meters = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        zookeeper = new TestingServer(true);
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
    }

    @AfterEach
    void stopCluster() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        brokers.values().forEach(Broker::close);
        zookeeper.close();
    }

    private void start(int id) throws Exception {
        Path logDir = Files.createDirectories(dataDir.resolve("broker-" + id));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(Map.of(
                "broker.id", String.valueOf(id),
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", logDir.toString(),
                "zookeeper.connect", zookeeper.getConnectString() + "/tributary",
                "controlled.shutdown.timeout.ms", "20000"))));
        meters.put(id, new SimpleMeterRegistry());
        Broker broker = new Broker(BrokerConfig.from(environment), meters.get(id), Clock.systemUTC());
        broker.start();
        brokers.put(id, broker);
    }

    /** An Admin client of broker 1, once that broker sees all three (each broker's cache learns of the others on its own). */
    private Admin adminOfBroker1() {
        Admin admin = admin(1);
        await().atMost(DEADLINE).until(() -> admin.describeCluster().nodes().get().size() == 3);
        return admin;
    }

    private Admin admin(int viaBroker) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + brokers.get(viaBroker).boundPort()));
        closeables.add(admin);
        return admin;
    }

    private ClusterMetadata observer() {
        CuratorFramework client = ZooKeeperConnection.connect(zookeeper.getConnectString() + "/tributary",
                Duration.ofSeconds(10), Duration.ofSeconds(10));
        closeables.add(client);
        ClusterMetadata metadata = new ClusterMetadata(client);
        closeables.add(metadata);
        metadata.start();
        return metadata;
    }

    private static void createTopic(Admin admin, String name, Map<Integer, List<Integer>> assignment) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, assignment))).all().get();
    }

    private static TopicPartitionInfo describe(Admin admin, String topic, int partition) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().get(partition);
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    private static int controllerId(Admin admin) throws Exception {
        return admin.describeCluster().controller().get().id();
    }

    @Test
    void aBrokerShuttingDownHandsItsLeadershipsToOtherIsrMembersBeforeItGoes() throws Exception {
        Admin admin = adminOfBroker1();
        int controller = controllerId(admin);
        int leaving = controller == 2 ? 3 : 2;
        int staying = 6 - controller - leaving;
        createTopic(admin, "t", Map.of(0, List.of(leaving, staying, controller), 1, List.of(staying, leaving, controller)));
        createTopic(admin, "sole", Map.of(0, List.of(leaving)));

        brokers.get(leaving).shutDownControlled();

        ClusterMetadata zk = observer();
        assertThat(zk.liveBrokers()).anyMatch(b -> b.id() == leaving && b.shuttingDown());
        TopicPartitionInfo t0 = describe(admin, "t", 0);
        assertThat(t0.leader().id()).isEqualTo(staying);
        assertThat(ids(t0.isr())).containsExactly(staying, controller);
        assertThat(zk.topic("t").orElseThrow().partitions().get(0).leaderEpoch()).isEqualTo(1);
        TopicPartitionInfo t1 = describe(admin, "t", 1);
        assertThat(t1.leader().id()).isEqualTo(staying);
        assertThat(ids(t1.isr())).containsExactly(staying, controller);
        assertThat(zk.topic("t").orElseThrow().partitions().get(1).leaderEpoch()).isZero();
        assertThat(describe(admin, "sole", 0).leader().id()).isEqualTo(leaving);

        brokers.remove(leaving).close();

        await().atMost(DEADLINE).until(() -> zk.liveBrokers().size() == 2);
        TopicPartitionInfo sole = describe(admin, "sole", 0);
        assertThat(sole.leader()).isNull();
        assertThat(ids(sole.isr())).containsExactly(leaving);
        assertThat(gauge(controller, "tributary.controller.active")).isEqualTo(1);
        assertThat(gauge(staying, "tributary.controller.active")).isZero();
        assertThat(gauge(controller, "tributary.controller.offline.partitions")).isEqualTo(1);
        assertThat(gauge(controller, "tributary.controller.preferred.replica.imbalance")).isEqualTo(2);
        assertThat(meters.get(controller).get("tributary.controller.unclean.leader.elections").functionCounter().count())
                .isZero();
    }

    private double gauge(int broker, String name) {
        return meters.get(broker).get(name).gauge().value();
    }

    @Test
    void theControllerShuttingDownMovesItsLeadershipsAndAnotherBrokerTakesOver() throws Exception {
        Admin admin = adminOfBroker1();
        int controller = controllerId(admin);
        List<Integer> others = Set.of(1, 2, 3).stream().filter(id -> id != controller).sorted().toList();
        createTopic(admin, "t", Map.of(0, List.of(controller, others.get(0), others.get(1))));

        brokers.remove(controller).close();

        Admin survivor = admin(others.get(0));
        await().atMost(DEADLINE).until(() -> others.contains(controllerId(survivor)));
        TopicPartitionInfo t0 = describe(survivor, "t", 0);
        assertThat(t0.leader().id()).isEqualTo(others.get(0));
        assertThat(ids(t0.isr())).containsExactly(others.get(0), others.get(1));
    }

    @Test
    void electLeadersThroughTheAdminClientRestoresPreferredLeaders() throws Exception {
        Admin admin = adminOfBroker1();
        createTopic(admin, "p", Map.of(0, List.of(2, 3, 1), 1, List.of(3, 1, 2)));
        brokers.remove(2).close();
        await().atMost(DEADLINE).until(() -> describe(admin, "p", 0).leader().id() == 3);
        TopicPartition p0 = new TopicPartition("p", 0);
        TopicPartition p1 = new TopicPartition("p", 1);

        Map<TopicPartition, Optional<Throwable>> preferredDown = admin.electLeaders(ElectionType.PREFERRED, Set.of(p0))
                .partitions().get();
        assertThat(preferredDown.get(p0)).containsInstanceOf(PreferredLeaderNotAvailableException.class);

        start(2);
        // broker 2 back in the ISR, as its leader puts it once it has caught up (done here if replication has not yet)
        ClusterMetadata zk = observer();
        await().atMost(DEADLINE).until(() -> {
            PartitionState state = zk.topic("p").orElseThrow().partitions().get(0);
            return state.isr().contains(2) || zk.compareAndSetPartitionState("p", 0, state, new PartitionState(
                    state.leader(), state.leaderEpoch(), List.of(3, 1, 2), state.controllerEpoch()));
        });
        await().atMost(DEADLINE).until(() -> ids(describe(admin, "p", 0).isr()).contains(2));
        Map<TopicPartition, Optional<Throwable>> all = admin.electLeaders(ElectionType.PREFERRED, null).partitions().get();

        assertThat(all).containsOnlyKeys(p0);
        assertThat(all.get(p0)).isEmpty();
        TopicPartitionInfo elected = describe(admin, "p", 0);
        assertThat(elected.leader().id()).isEqualTo(2);
        assertThat(ids(elected.isr())).containsExactlyInAnyOrder(3, 1, 2);

        Map<TopicPartition, Optional<Throwable>> again = admin.electLeaders(ElectionType.PREFERRED,
                Set.of(p0, p1, new TopicPartition("nope", 0))).partitions().get();
        assertThat(again.get(p0)).containsInstanceOf(ElectionNotNeededException.class);
        assertThat(again.get(p1)).containsInstanceOf(ElectionNotNeededException.class);
        assertThat(again.get(new TopicPartition("nope", 0))).containsInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void aTopicAskingForMoreReplicasThanLiveBrokersIsRefused() throws Exception {
        Admin admin = adminOfBroker1();

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("wide", 1, (short) 4))).all().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidReplicationFactorException.class);
    }
}

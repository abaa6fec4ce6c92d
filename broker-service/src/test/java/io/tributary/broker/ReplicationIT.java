package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Three brokers in this JVM over a real ZooKeeper, a topic with three replicas: the followers fetch from the leader
 * and end up with its log byte for byte, a follower whose tail diverged from a new leader's log truncates it, and
 * partitions added to or deleted with the topic appear and go on every replica.
 * Leadership is moved by hand in ZooKeeper (the controller's job elsewhere); records are produced with acks=1.
 */
class ReplicationIT {

    private static final String TOPIC = "replicated";

    @TempDir
    Path dataDir;
    private TestingServer zookeeper;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private final Map<Integer, Broker> brokers = new HashMap<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
        client = ZooKeeperConnection.connect(zookeeper.getConnectString() + "/tributary", Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        metadata = new ClusterMetadata(client);
        metadata.start();
    }

    @AfterEach
    void stop() throws Exception {
        brokers.values().forEach(Broker::close);
        metadata.close();
        client.close();
        zookeeper.close();
    }

    private void start(int id) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(Map.of(
                "broker.id", String.valueOf(id),
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", logDir(id).toString(),
                "zookeeper.connect", zookeeper.getConnectString() + "/tributary",
                "replica.fetch.backoff.ms", "200"))));
        Broker broker = new Broker(BrokerConfig.from(environment), new SimpleMeterRegistry(), Clock.systemUTC());
        broker.start();
        brokers.put(id, broker);
    }

    private void stop(int id) {
        brokers.remove(id).close();
    }

    private Path logDir(int id) {
        return dataDir.resolve("broker-" + id);
    }

    private String bootstrap() {
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.boundPort()).collect(Collectors.joining(","));
    }

    private void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metadata.topic(TOPIC).map(t -> t.partitions().get(0)).isPresent());
    }

    private PartitionState state() {
        return metadata.topic(TOPIC).orElseThrow().partitions().get(0);
    }

    private void produce(String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.LINGER_MS_CONFIG, "5"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, prefix + "-" + i));
            }
            producer.flush();
        }
    }

    /** The partition's log on one broker: its segment files' bytes, one after the other. */
    private byte[] logBytes(int id) throws IOException {
        Path dir = logDir(id).resolve(TOPIC + "-0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                bytes.write(Files.readAllBytes(segment));
            }
        }
        return bytes.toByteArray();
    }

    private String epochCheckpoint(int id) throws IOException {
        return Files.readString(logDir(id).resolve(TOPIC + "-0").resolve("leader-epoch-checkpoint"));
    }

    private void awaitIdenticalLogs(int... ids) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            byte[] reference = logBytes(ids[0]);
            assertThat(reference).isNotEmpty();
            for (int id : ids) {
                assertThat(logBytes(id)).as("log of broker %d", id).isEqualTo(reference);
                assertThat(epochCheckpoint(id)).as("leader epochs of broker %d", id).isEqualTo(epochCheckpoint(ids[0]));
            }
        });
    }

    @Test
    void followersHoldTheLeadersLogByteForByte() throws Exception {
        start(1);
        start(2);
        start(3);
        createTopic();
        assertThat(state().isr()).hasSize(3);

        produce("a", 2_000);

        awaitIdenticalLogs(1, 2, 3);
        assertThat(storedValues(2)).hasSize(2_000).startsWith("a-0").endsWith("a-1999");
        await().atMost(Duration.ofSeconds(30)).until(() -> brokers.values().stream().allMatch(Broker::isCaughtUp));
    }

    @Test
    void aFollowerWhoseTailDivergedFromTheNewLeaderTruncatesIt() throws Exception {
        start(1);
        start(2);
        start(3);
        createTopic();
        PartitionState initial = state();
        int oldLeader = initial.leader();
        List<Integer> others = new ArrayList<>(List.of(1, 2, 3));
        others.remove(Integer.valueOf(oldLeader));
        int newLeader = others.get(0);
        int otherFollower = others.get(1);
        produce("shared", 300);
        awaitIdenticalLogs(1, 2, 3);

        // the followers go away; the old leader takes records nobody copies
        stop(newLeader);
        stop(otherFollower);
        produce("lost", 50);
        byte[] divergentLog = logBytes(oldLeader);
        assertThat(storedValues(oldLeader)).hasSize(350).endsWith("lost-49");
        stop(oldLeader);

        // the followers come back and one of them leads at the next epoch, taking other records
        start(newLeader);
        start(otherFollower);
        int leader = moveLeadershipAwayFrom(oldLeader, initial.leaderEpoch(), newLeader, otherFollower);
        int follower = leader == newLeader ? otherFollower : newLeader;
        produce("new", 80);
        awaitIdenticalLogs(leader, follower);

        // the old leader returns as a follower: its 50 records after the shared ones go, the new leader's come
        start(oldLeader);
        awaitIdenticalLogs(oldLeader, leader, follower);
        assertThat(logBytes(oldLeader)).isNotEqualTo(divergentLog);
        List<String> values = storedValues(oldLeader);
        assertThat(values).hasSize(380).noneMatch(v -> v.startsWith("lost"));
        assertThat(values.subList(300, 380)).allMatch(v -> v.startsWith("new"));
    }

    @Test
    void addedPartitionsAndADeletionReachEveryReplica() throws Exception {
        start(1);
        start(2);
        start(3);
        createTopic();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(3))).all().get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int id : List.of(1, 2, 3)) {
                    assertThat(partitionDirs(id)).as("partition logs on broker %d", id)
                            .containsExactlyInAnyOrder(TOPIC + "-0", TOPIC + "-1", TOPIC + "-2");
                }
            });

            admin.deleteTopics(List.of(TOPIC)).all().get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int id : List.of(1, 2, 3)) {
                    assertThat(partitionDirs(id)).as("partition logs on broker %d", id).isEmpty();
                }
            });
        }
    }

    /** The topic's partition directories in a broker's log directory, not counting ones being deleted. */
    private List<String> partitionDirs(int id) throws IOException {
        try (Stream<Path> dirs = Files.list(logDir(id))) {
            return dirs.map(dir -> dir.getFileName().toString())
                    .filter(name -> name.startsWith(TOPIC + "-") && !name.endsWith("-delete"))
                    .toList();
        }
    }

    /**
     * Makes {@code preferred} the leader at a later epoch than {@code epoch}, unless a controller has already moved
     * leadership to one of the live replicas; returns the leader.
     */
    private int moveLeadershipAwayFrom(int oldLeader, int epoch, int preferred, int other) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            PartitionState now = state();
            if (now.leaderEpoch() > epoch && (now.leader() == preferred || now.leader() == other)) {
                return true;
            }
            metadata.compareAndSetPartitionState(TOPIC, 0, now, new PartitionState(preferred, now.leaderEpoch() + 1,
                    List.of(preferred, other), now.controllerEpoch()));
            return false;
        });
        assertThat(state().leader()).isNotEqualTo(oldLeader);
        return state().leader();
    }

    /** The values of the records in a broker's own log files: each replica's copy, not what a consumer is served. */
    private List<String> storedValues(int id) throws IOException {
        List<String> values = new ArrayList<>();
        for (Record record : MemoryRecords.readableRecords(ByteBuffer.wrap(logBytes(id))).records()) {
            values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return values;
    }
}

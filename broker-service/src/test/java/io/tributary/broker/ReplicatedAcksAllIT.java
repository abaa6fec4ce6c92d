package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
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
 * Three brokers in this JVM over a real ZooKeeper, replicating with their own follower fetchers: an acks=all
 * producer is answered once the ISR has its records; a stopped follower leaves the ISR once it has been behind the
 * leader for {@code replica.lag.time.max.ms}, and with two of three stopped, {@code min.insync.replicas=2} refuses
 * acks=all (acks=1 still appends); a restarted follower catches up, rejoins the ISR, and acks=all writes resume.
 * Broker 1 leads throughout: no controller moves leadership here.
 */
class ReplicatedAcksAllIT {

    private static final String TOPIC = "replicated";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    private TestingServer zookeeper;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private final Map<Integer, Broker> brokers = new HashMap<>();
    private final Map<Integer, SimpleMeterRegistry> meters = new HashMap<>();

    @BeforeEach
    void startCluster() throws Exception {
        zookeeper = new TestingServer(true);
        client = ZooKeeperConnection.connect(zookeeper.getConnectString() + "/tributary", Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        metadata = new ClusterMetadata(client);
        metadata.start();
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
    }

    @AfterEach
    void stop() throws Exception {
        brokers.values().forEach(Broker::close);
        metadata.close();
        client.close();
        zookeeper.close();
    }

    @Test
    void acksAllFollowsTheIsrAsFollowersStopAndReturn() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1, 2, 3)))
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
        }
        await().atMost(WAIT).until(() -> metadata.topic(TOPIC).map(t -> t.partitions().get(0)).isPresent());

        send("all", "a", 200);
        assertThat(highWatermark()).as("every acknowledged record is below the high watermark").isEqualTo(200);
        assertThat(isr()).containsExactlyInAnyOrder(1, 2, 3);

        // a stopped follower at the leader's log end is still caught up (as in Kafka): records must move on
        stop(3);
        send("1", "b", 100);
        await().atMost(WAIT).untilAsserted(() -> assertThat(isr()).containsExactlyInAnyOrder(1, 2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(highWatermark()).isEqualTo(300));
        send("all", "c", 100);
        assertThat(highWatermark()).isEqualTo(400);
        assertThat(meters.get(1).get("tributary.partitions.under.replicated").gauge().value()).isEqualTo(1);

        stop(2);
        send("1", "d", 10);
        await().atMost(WAIT).untilAsserted(() -> assertThat(isr()).containsExactly(1));
        assertThatThrownBy(() -> send("all", "refused", 1)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NotEnoughReplicasException.class);
        send("1", "leader-only", 10);
        assertThat(meters.get(1).get("tributary.partitions.under.min.isr").gauge().value()).isEqualTo(1);
        assertThat(highWatermark()).as("below min.insync.replicas the high watermark stays (Kafka 4.x)").isEqualTo(400);

        start(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(isr()).containsExactlyInAnyOrder(1, 2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(highWatermark()).isEqualTo(420));
        send("all", "e", 100);
        assertThat(highWatermark()).isEqualTo(520);
        // a stopped broker may leave the ISRs by the controller's hand (controlled shutdown) or the leader's; only the
        // leader adds a follower back
        assertThat(meters.get(1).get("tributary.isr.expands").counter().count()).isGreaterThanOrEqualTo(1);
    }

    private void start(int id) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(Map.of(
                "broker.id", String.valueOf(id),
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.resolve("broker-" + id).toString(),
                "zookeeper.connect", zookeeper.getConnectString() + "/tributary",
                "replica.lag.time.max.ms", "2000",
                "replica.fetch.backoff.ms", "200"))));
        SimpleMeterRegistry registry = meters.computeIfAbsent(id, i -> new SimpleMeterRegistry());
        Broker broker = new Broker(BrokerConfig.from(environment), registry, Clock.systemUTC());
        broker.start();
        brokers.put(id, broker);
    }

    private void stop(int id) {
        brokers.remove(id).close();
    }

    private String bootstrap() {
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.boundPort()).collect(Collectors.joining(","));
    }

    private List<Integer> isr() {
        PartitionState state = metadata.topic(TOPIC).orElseThrow().partitions().get(0);
        return new ArrayList<>(state.isr());
    }

    /** What consumers may read up to: ListOffsets(latest) on the leader. */
    private long highWatermark() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            return admin.listOffsets(Map.of(TP, OffsetSpec.latest())).partitionResult(TP).get().offset();
        }
    }

    /** Sends {@code count} records and waits for every acknowledgement; retries=0 shows the first error as it is. */
    private void send(String acks, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, prefix + "-" + i)));
            }
            for (java.util.concurrent.Future<?> future : sent) {
                future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}

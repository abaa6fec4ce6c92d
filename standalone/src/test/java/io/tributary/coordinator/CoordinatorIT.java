package io.tributary.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.Broker;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.coordinator.config.CoordinatorConfig;

/**
 * A coordinator wired as in production, beside a real broker and a real ZooKeeper: Kafka's consumer finds it,
 * forms a group through it, commits to {@code __consumer_offsets}, and its lag shows in the coordinator's gauges.
 */
class CoordinatorIT {

    @TempDir
    static Path logDir;
    static TestingServer zookeeper;
    static Broker broker;
    static Coordinator coordinator;
    static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        zookeeper = new TestingServer(true);
        String connect = zookeeper.getConnectString() + "/tributary";
        broker = new Broker(BrokerConfig.from(environment(Map.of(
                "broker.id", "1",
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", logDir.toString(),
                "zookeeper.connect", connect))), new SimpleMeterRegistry(), Clock.systemUTC());
        broker.start();
        coordinator = new Coordinator(CoordinatorConfig.from(environment(Map.of(
                "coordinator.id", "1000",
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "zookeeper.connect", connect,
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"))), meters, Clock.systemUTC());
        coordinator.start();
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(settings)));
        return environment;
    }

    @AfterAll
    static void stop() throws Exception {
        coordinator.close();
        broker.close();
        zookeeper.close();
    }

    @Test
    void aConsumerGroupCommitsThroughTheCoordinatorAndItsLagIsMeasured() throws Exception {
        String bootstrap = "127.0.0.1:" + broker.boundPort();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("lagging", 1, (short) 1))).all().get();
            produce(bootstrap, 30);

            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "lag-group");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            int read = 0;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("lagging"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (read < 30 && System.nanoTime() < deadline) {
                    read += consumer.poll(Duration.ofMillis(200)).count();
                }
                consumer.commitSync();
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("lag-group"))
                        .describedGroups().get("lag-group").get();
                assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(group.coordinator().id()).isEqualTo(1000);
                assertThat(group.members()).hasSize(1);
            }
            assertThat(read).isEqualTo(30);
            // the first record the group has not consumed was written two minutes ago: its lag is that old
            produce(bootstrap, 12, System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(2));

            assertThat(admin.listConsumerGroupOffsets("lag-group").partitionsToOffsetAndMetadata().get())
                    .hasEntrySatisfying(new org.apache.kafka.common.TopicPartition("lagging", 0),
                            offset -> assertThat(offset.offset()).isEqualTo(30));
            // a second group further on in the same partition waits for a record written just now
            admin.alterConsumerGroupOffsets("lag-group-ahead", Map.of(
                    new org.apache.kafka.common.TopicPartition("lagging", 0), new OffsetAndMetadata(35))).all().get();
            // and a third has consumed everything: no record to wait for, no age to read
            admin.alterConsumerGroupOffsets("lag-group-done", Map.of(
                    new org.apache.kafka.common.TopicPartition("lagging", 0), new OffsetAndMetadata(42))).all().get();
        }
        // the gauges are refreshed every 10 s
        Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Gauge lag = meters.find("tributary.group.lag").tags("group", "lag-group", "topic", "lagging", "partition", "0").gauge();
            assertThat(lag).isNotNull();
            assertThat(lag.value()).isEqualTo(12);
        });
        assertThat(meters.get("tributary.group.committed.offset").tags("group", "lag-group").gauge().value()).isEqualTo(30);
        assertThat(meters.get("tributary.group.log.end.offset").tags("group", "lag-group").gauge().value()).isEqualTo(42);
        Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Gauge seconds = meters.find("tributary.group.lag.seconds")
                    .tags("group", "lag-group", "topic", "lagging", "partition", "0").gauge();
            assertThat(seconds).isNotNull();
            assertThat(seconds.value()).isBetween(120.0, 120.0 + 90);
            Gauge ahead = meters.find("tributary.group.lag.seconds")
                    .tags("group", "lag-group-ahead", "topic", "lagging", "partition", "0").gauge();
            assertThat(ahead).isNotNull();
            assertThat(ahead.value()).isBetween(0.0, 90.0);
            Gauge done = meters.find("tributary.group.lag.seconds")
                    .tags("group", "lag-group-done", "topic", "lagging", "partition", "0").gauge();
            assertThat(done).isNotNull();
            assertThat(done.value()).isZero();
        });
        assertThat(meters.get("tributary.group.lag").tags("group", "lag-group-ahead").gauge().value()).isEqualTo(7);
    }

    @Test
    void aDeadMembersSessionExpiresWhileCoordinatorMaintenanceIsStuck() throws Exception {
        String bootstrap = "127.0.0.1:" + broker.boundPort();
        CountDownLatch release = new CountDownLatch(1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("sessions", 1, (short) 1))).all().get();
            int threads = ((ThreadPoolExecutor) coordinator.maintenance()).getCorePoolSize();
            CountDownLatch stuck = new CountDownLatch(threads);
            for (int i = 0; i < threads; i++) {
                coordinator.maintenance().execute(() -> {
                    stuck.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "session-group");
            // a static member leaves no LeaveGroup behind when it closes: only its session timeout removes it
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-1");
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("sessions"));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(100));
                    return !consumer.assignment().isEmpty();
                });
            }
            long closedAt = System.nanoTime();

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    admin.describeConsumerGroups(List.of("session-group")).describedGroups().get("session-group").get().groupState())
                    .isEqualTo(GroupState.EMPTY));
            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).as("removed at its session timeout")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(release.getCount()).as("maintenance still stuck").isOne();
        } finally {
            release.countDown();
        }
    }

    private static void produce(String bootstrap, int count) throws Exception {
        produce(bootstrap, count, null);
    }

    /** {@code count} records, the first stamped {@code firstTimestamp} (null: now) and the others now. */
    private static void produce(String bootstrap, int count, Long firstTimestamp) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                Long timestamp = i == 0 ? firstTimestamp : null;
                producer.send(new ProducerRecord<>("lagging", null, timestamp, "k" + i, "v" + i)).get();
            }
        }
    }
}

package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.config.BrokerConfig;

/** A topic's log is known by the topic id recorded beside it: an older topic's records never show under the same name. */
class TopicIdIT {

    private static final TopicPartition T0 = new TopicPartition("t", 0);

    @TempDir
    Path logDir;
    private TestingServer zookeeper;
    private Broker broker;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        zookeeper.close();
    }

    private void startBroker() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(Map.of(
                "broker.id", "1",
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", logDir.toString(),
                "zookeeper.connect", zookeeper.getConnectString() + "/tributary"))));
        broker = new Broker(BrokerConfig.from(environment), new SimpleMeterRegistry(), Clock.systemUTC());
        broker.start();
    }

    private String bootstrap() {
        return "127.0.0.1:" + broker.boundPort();
    }

    @Test
    void aTopicDeletedAndRecreatedAtOnceShowsNoneOfTheOldRecords() throws Exception {
        startBroker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            produce("old-1", "old-2", "old-3");
            Uuid oldId = admin.describeTopics(List.of("t")).allTopicNames().get().get("t").topicId();

            admin.deleteTopics(List.of("t")).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> created(admin));
            produce("new-1");

            assertThat(readFromTheBeginning()).containsExactly("new-1");
            Uuid newId = admin.describeTopics(List.of("t")).allTopicNames().get().get("t").topicId();
            assertThat(newId).isNotEqualTo(oldId);
            assertThat(Files.readString(logDir.resolve("t-0").resolve("partition.metadata")))
                    .isEqualTo("version: 0\ntopic_id: " + newId + "\n");
        }
    }

    @Test
    void aLogOfAnotherTopicIdLeftWhileTheBrokerWasDownIsNotServed() throws Exception {
        startBroker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
        }
        produce("stale-1", "stale-2");
        broker.close();
        broker = null;
        Uuid previousTopicsId = Uuid.randomUuid();
        Files.writeString(logDir.resolve("t-0").resolve("partition.metadata"), "version: 0\ntopic_id: " + previousTopicsId + "\n");

        startBroker();
        produce("current-1");

        assertThat(readFromTheBeginning()).containsExactly("current-1");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            Uuid topicId = admin.describeTopics(List.of("t")).allTopicNames().get().get("t").topicId();
            assertThat(Files.readString(logDir.resolve("t-0").resolve("partition.metadata"))).contains(topicId.toString());
        }
    }

    private static boolean created(Admin admin) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new AssertionError(e);
        }
    }

    private void produce(String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>("t", 0, null, value)).get();
            }
        }
    }

    /** Every record of t-0 from its beginning up to its end offset, as a consumer sees them. */
    private List<String> readFromTheBeginning() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(T0));
            consumer.seekToBeginning(List.of(T0));
            long end = consumer.endOffsets(List.of(T0)).get(T0);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return consumer.position(T0) >= end;
            });
        }
        return values;
    }
}

package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's Kafka APIs, driven by kafka-clients' Admin, producer and consumer against a real ZooKeeper. */
class BrokerApisIT {

    @TempDir
    static Path logDir;
    static RunningBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = new RunningBroker(logDir, Map.of("num.partitions", "2"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        broker.close();
    }

    @Test
    void createsDescribesGrowsAndDeletesTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).contains("orders");

        TopicDescription description = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
        assertThat(description.partitions()).hasSize(3);
        assertThat(description.partitions()).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(1));
        assertThat(description.topicId().toString()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA");

        admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(5))).all().get();
        assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions()).hasSize(5);

        assertThatThrownBy(() -> admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(2))).all().get())
                .cause().isInstanceOf(InvalidPartitionsException.class)
                .hasMessageContaining("can only be added");

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get())
                .cause().isInstanceOf(TopicExistsException.class);

        admin.deleteTopics(List.of("orders")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("orders");
        assertThatThrownBy(() -> admin.deleteTopics(List.of("orders")).all().get())
                .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void usesBrokerDefaultsAndRefusesBadTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("defaults", java.util.Optional.empty(), java.util.Optional.empty()))).all().get();
        assertThat(admin.describeTopics(List.of("defaults")).allTopicNames().get().get("defaults").partitions()).hasSize(2);

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("a/b", 1, (short) 1))).all().get())
                .cause().isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("x".repeat(250), 1, (short) 1))).all().get())
                .cause().isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("zero", 0, (short) 1))).all().get())
                .cause().isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("wide", 1, (short) 3))).all().get())
                .cause().isInstanceOf(InvalidReplicationFactorException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("badconf", 1, (short) 1)
                .configs(Map.of("retention.ms", "soon")))).all().get())
                .cause().isInstanceOf(InvalidConfigurationException.class);

        admin.createTopics(List.of(new NewTopic("dry-run", 1, (short) 1)), new CreateTopicsOptions().validateOnly(true)).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("dry-run", "a/b", "zero", "wide", "badconf");
    }

    @Test
    void describesAndAltersTopicConfigs() throws Exception {
        admin.createTopics(List.of(new NewTopic("configured", 1, (short) 1).configs(Map.of("retention.ms", "60000")))).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "configured");

        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("60000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE)))).all().get();
        config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET)))).all().get())
                .cause().isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void producesConsumesAndListsOffsets() throws Exception {
        admin.createTopics(List.of(new NewTopic("events", 1, (short) 1))).all().get();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        List<RecordMetadata> sent = new ArrayList<>();
        long baseTime = System.currentTimeMillis() - 10_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 500; i++) {
                sent.add(producer.send(new ProducerRecord<>("events", 0, baseTime + i, "k" + i, "v" + i)).get());
            }
        }
        assertThat(sent).extracting(RecordMetadata::offset).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 500).boxed().toList());

        TopicPartition tp = new TopicPartition("events", 0);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset()).isZero();
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset()).isEqualTo(500);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).partitionResult(tp).get().offset()).isEqualTo(499);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(baseTime + 250))).partitionResult(tp).get().offset())
                .isEqualTo(250);

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 500 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(received.get(i).offset()).isEqualTo(i);
            assertThat(received.get(i).key()).isEqualTo("k" + i);
            assertThat(received.get(i).value()).isEqualTo("v" + i);
        }
    }

    @Test
    void aCompactedTopicRefusesRecordsWithoutKey() throws Exception {
        admin.createTopics(List.of(new NewTopic("compacted", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>("compacted", "k", "v")).get().offset()).isZero();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("compacted", null, "v")).get())
                    .cause().isInstanceOf(org.apache.kafka.common.InvalidRecordException.class)
                    .hasMessageContaining("Compacted topic cannot accept message without key");
        }
    }

    @Test
    void deletesRecordsBelowAnOffset() throws Exception {
        admin.createTopics(List.of(new NewTopic("purged", 1, (short) 1),
                new NewTopic("purged-compacted", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("purged", 0, "k" + i, "v" + i)).get();
                producer.send(new ProducerRecord<>("purged-compacted", 0, "k" + i, "v" + i)).get();
            }
        }
        TopicPartition tp = new TopicPartition("purged", 0);

        assertThat(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(tp).get()
                .lowWatermark()).isEqualTo(4);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset()).isEqualTo(4);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(tp));
            consumer.seekToBeginning(Set.of(tp));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 6 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertThat(received).extracting(ConsumerRecord::value).containsExactly("v4", "v5", "v6", "v7", "v8", "v9");
        }

        assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(11))).all().get())
                .cause().isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1))).lowWatermarks().get(tp).get()
                .lowWatermark()).as("-1 is the high watermark").isEqualTo(10);
        TopicPartition compacted = new TopicPartition("purged-compacted", 0);
        assertThatThrownBy(() -> admin.deleteRecords(Map.of(compacted, RecordsToDelete.beforeOffset(2))).all().get())
                .cause().isInstanceOf(PolicyViolationException.class);
    }
}

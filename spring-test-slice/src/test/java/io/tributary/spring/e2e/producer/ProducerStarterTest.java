package io.tributary.spring.e2e.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;
import io.tributary.spring.autoconfigure.TributaryConnectionDetails;
import io.tributary.spring.autoconfigure.producer.TributaryProducerAutoConfiguration;
import io.tributary.spring.autoconfigure.topic.DeclaredTopicsRefusedException;
import io.tributary.spring.autoconfigure.topic.TributaryTopicAutoConfiguration;
import io.tributary.spring.test.EmbeddedTributary;
import io.tributary.spring.test.SharedEmbeddedTributary;

/** The producer starter against a real cluster: what a record looks like to a plain Kafka consumer, and topics. */
@SpringBootTest(classes = ProducerTestApplication.class)
@EmbeddedTributary(topics = {ProducerStarterTest.SHIPMENTS, ProducerStarterTest.RAISED})
class ProducerStarterTest {

    static final String SHIPMENTS = "producer-shipments";
    static final String DECLARED = "producer-declared";
    static final String RAISED = "producer-raised";

    record Shipment(String id, int parcels) {
    }

    @Autowired
    KafkaTemplate<String, Shipment> template;

    @Autowired
    MeterRegistry meters;

    @Value("${tributary.embedded.bootstrap-servers}")
    String bootstrap;

    @Test
    void aRecordIsJsonWithItsKeyAndATypeHeader() throws Exception {
        SendResult<String, Shipment> sent = template.send(SHIPMENTS, "k-1", new Shipment("s-1", 3))
                .get(10, TimeUnit.SECONDS);

        ConsumerRecord<String, String> read = readAt(sent);
        assertThat(read.key()).isEqualTo("k-1");
        assertThat(read.value()).isEqualTo("{\"id\":\"s-1\",\"parcels\":3}");
        assertThat(new String(read.headers().lastHeader("__TypeId__").value(), StandardCharsets.UTF_8))
                .isEqualTo(Shipment.class.getName());
    }

    /** The broker stored the batch as an idempotent producer's: with a producer id and a sequence number. */
    @Test
    void theProducerIsIdempotent() throws Exception {
        SendResult<String, Shipment> sent = template.send(SHIPMENTS, "k-2", new Shipment("s-2", 1))
                .get(10, TimeUnit.SECONDS);

        RecordBatch batch = storedBatch(new TopicPartition(SHIPMENTS, sent.getRecordMetadata().partition()),
                sent.getRecordMetadata().offset());
        assertThat(batch.producerId()).isNotEqualTo(RecordBatch.NO_PRODUCER_ID);
        assertThat(batch.baseSequence()).isNotEqualTo(RecordBatch.NO_SEQUENCE);
    }

    @Test
    void sendsAreTimedPerTopic() throws Exception {
        template.send(SHIPMENTS, "k-3", new Shipment("s-3", 2)).get(10, TimeUnit.SECONDS);

        Timer timer = meters.find("spring.kafka.template").tag("messaging.destination.name", SHIPMENTS).timer();
        assertThat(timer).as("spring.kafka.template timer of %s", SHIPMENTS).isNotNull();
        assertThat(timer.count()).isPositive();
    }

    @Test
    void aDeclaredTopicIsCreatedWithItsPartitionsAndConfigs() throws Exception {
        try (Admin admin = admin()) {
            assertThat(admin.describeTopics(List.of(DECLARED)).allTopicNames().get().get(DECLARED).partitions())
                    .hasSize(3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, DECLARED);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                    .isEqualTo("3600000");
        }
    }

    @Test
    void aDeclaredTopicWithMorePartitionsThanItHasIsRaised() throws Exception {
        try (Admin admin = admin()) {
            assertThat(admin.describeTopics(List.of(RAISED)).allTopicNames().get().get(RAISED).partitions())
                    .hasSize(4);
        }
    }

    /**
     * One start that declares three topics the cluster refuses and one it accepts: the start fails naming each
     * refused topic with Kafka's reason, and the accepted one is created all the same.
     */
    @Test
    void refusedTopicsFailTheStartNamingEachWithKafkasReason() throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class,
                        TributaryProducerAutoConfiguration.class, TributaryTopicAutoConfiguration.class))
                .withBean(TributaryConnectionDetails.class, () -> () -> List.of(bootstrap))
                .withBean("tooManyReplicas", NewTopic.class,
                        () -> TopicBuilder.name("producer-refused-rf").partitions(1).replicas(3).build())
                .withBean("badConfig", NewTopic.class, () -> TopicBuilder.name("producer-refused-config")
                        .config("cleanup.policy", "sometimes").build())
                .withBean("fewerPartitions", NewTopic.class,
                        () -> TopicBuilder.name(DECLARED).partitions(1).build())
                .withBean("accepted", NewTopic.class,
                        () -> TopicBuilder.name("producer-accepted-alongside").partitions(2).build())
                .run(context -> {
                    assertThat(context).getFailure().isInstanceOf(DeclaredTopicsRefusedException.class);
                    DeclaredTopicsRefusedException refused =
                            (DeclaredTopicsRefusedException) context.getStartupFailure();
                    assertThat(refused.reasons()).containsOnlyKeys("producer-refused-rf",
                            "producer-refused-config", DECLARED);
                    assertThat(refused.reasons().get("producer-refused-rf"))
                            .startsWith("InvalidReplicationFactorException: ");
                    assertThat(refused.reasons().get("producer-refused-config"))
                            .startsWith("InvalidConfigurationException: ").contains("cleanup.policy");
                    assertThat(refused.reasons().get(DECLARED))
                            .isEqualTo("it has 3 partitions, more than the 1 declared, and partitions are never "
                                    + "removed");
                    assertThat(refused.getMessage()).startsWith("Tributary refused 3 declared topic(s): ");
                });
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).contains("producer-accepted-alongside")
                    .doesNotContain("producer-refused-rf", "producer-refused-config");
        }
    }

    private ConsumerRecord<String, String> readAt(SendResult<String, Shipment> sent) {
        TopicPartition partition = new TopicPartition(SHIPMENTS, sent.getRecordMetadata().partition());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.getRecordMetadata().offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, String>> records = consumer.poll(Duration.ofMillis(200)).records(partition);
                if (!records.isEmpty()) {
                    return records.get(0);
                }
            }
            throw new AssertionError("nothing to read at " + partition + "@" + sent.getRecordMetadata().offset());
        }
    }

    /** The batch holding {@code offset}, read from the broker's log segment files with Kafka's own record classes. */
    private static RecordBatch storedBatch(TopicPartition partition, long offset) throws IOException {
        Path dataDir = SharedEmbeddedTributary.cluster().dataDir();
        List<Path> segments;
        try (Stream<Path> files = Files.walk(dataDir)) {
            segments = files.filter(f -> f.getParent().getFileName().toString().equals(partition.toString())
                    && f.getFileName().toString().endsWith(".log")).toList();
        }
        assertThat(segments).as("log segments of %s under %s", partition, dataDir).isNotEmpty();
        List<String> seen = new ArrayList<>();
        for (Path segment : segments) {
            try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                for (FileChannelRecordBatch batch : records.batches()) {
                    if (batch.baseOffset() <= offset && offset <= batch.lastOffset()) {
                        batch.ensureValid();
                        return batch;
                    }
                    seen.add(batch.baseOffset() + ".." + batch.lastOffset());
                }
            }
        }
        throw new AssertionError("no stored batch holds offset " + offset + " of " + partition + "; batches " + seen);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}

package io.tributary.spring.e2e.consumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tributary.spring.e2e.consumer.events.Task;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.BATCH_WITH_BAD;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FAILING;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FAILING_BYTE_KEYS;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FAILING_GROWN;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FAILING_TOO;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FLAKY;
import static io.tributary.spring.e2e.consumer.ListenerTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** tributary.consumer.retry.max-attempts=3: retries with back-off, then the dead-letter topic. */
class ErrorHandlingTest extends ConsumerE2eTest {

    @Autowired
    private KafkaTemplate<String, Object> template;

    @Autowired
    private Deliveries deliveries;

    @Value("${tributary.embedded.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void aListenerThatFailsTwiceIsCalledThreeTimesAndProcessesTheRecordOnce() throws Exception {
        Task flaky = new Task(UUID.randomUUID().toString(), 2);
        Task next = new Task(UUID.randomUUID().toString(), 0);
        template.send(FLAKY, 0, flaky.id(), flaky).get(10, TimeUnit.SECONDS);
        template.send(FLAKY, 0, next.id(), next).get(10, TimeUnit.SECONDS);
        // the partition is read in order: once the next record is processed, the flaky one is done with
        await().atMost(ClusterReads.DEADLINE).until(() -> deliveries.of(FLAKY).contains(next));
        assertThat(deliveries.attempts(flaky.id())).isEqualTo(3);
        assertThat(deliveries.of(FLAKY)).containsOnlyOnce(flaky);
    }

    @Test
    void aListenerThatAlwaysFailsSendsTheRecordToTheDeadLetterTopicOnItsPartition() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] value = ("{\"id\":\"" + id + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(FAILING, 1, id, value);
        record.headers().add("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        RecordMetadata sent = cluster.send(record);

        ConsumerRecord<String, byte[]> dead = cluster.awaitRecord(FAILING + ".DLT", id);

        assertThat(dead.partition()).isEqualTo(1);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(header(dead, "trace-id")).isEqualTo("t-42");
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("order " + id + " cannot be billed");
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("cannot be billed");
        assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(FAILING);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt())
                .isEqualTo(1);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
                .isEqualTo(sent.offset());
        assertThat(deliveries.attempts(id)).isEqualTo(3);
        assertThat(cluster.partitions(FAILING + ".DLT")).isEqualTo(cluster.partitions(FAILING));
    }

    /**
     * One batch of a good record, one that is not JSON and another good one: the good ones are processed once each,
     * the bad one goes to the dead-letter topic without a retry.
     */
    @Test
    void aBatchRecordThatCannotBeReadGoesToTheDeadLetterTopicAndTheOthersAreProcessedOnce() throws Exception {
        String before = UUID.randomUUID().toString();
        String bad = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        cluster.sendAll(List.of(
                new ProducerRecord<>(BATCH_WITH_BAD, 0, before, order(before)),
                new ProducerRecord<>(BATCH_WITH_BAD, 0, bad, "{not json".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(BATCH_WITH_BAD, 0, after, order(after))));

        ConsumerRecord<String, byte[]> dead = cluster.awaitRecord(BATCH_WITH_BAD + ".DLT", bad);

        assertThat(dead.partition()).isZero();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("ConversionException");
        await().atMost(ClusterReads.DEADLINE).until(() -> deliveries.of(BATCH_WITH_BAD).contains(after));
        assertThat(deliveries.of(BATCH_WITH_BAD)).containsExactly(before, after);
    }

    private static byte[] order(String id) {
        return ("{\"id\":\"" + id + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDeadLetterTopicWithFewerPartitionsThanItsSourceIsRaisedToTheSourcesCount() throws Exception {
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        cluster.createTopic(FAILING_TOO + ".DLT", 1);
        String id = UUID.randomUUID().toString();
        cluster.send(new ProducerRecord<>(FAILING_TOO, 1, id,
                ("{\"id\":\"" + id + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8)));

        await().atMost(ClusterReads.DEADLINE).until(() -> cluster.partitions(FAILING_TOO + ".DLT") == 2);
        assertThat(cluster.awaitRecord(FAILING_TOO + ".DLT", id).partition()).isEqualTo(1);
    }

    /**
     * The dead-letter topic was made for the source's two partitions; the source then gains a third: a record from
     * the new partition that fails every attempt lands in the dead-letter topic on that partition.
     */
    @Test
    void aSourceTopicThatGainsPartitionsGetsItsDeadLetterTopicRaisedForTheNewOnes() throws Exception {
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        String first = UUID.randomUUID().toString();
        cluster.send(new ProducerRecord<>(FAILING_GROWN, 1, first, order(first)));
        assertThat(cluster.awaitRecord(FAILING_GROWN + ".DLT", first).partition()).isEqualTo(1);
        assertThat(cluster.partitions(FAILING_GROWN + ".DLT")).isEqualTo(2);

        cluster.raisePartitions(FAILING_GROWN, 3);
        String onNewPartition = UUID.randomUUID().toString();
        cluster.send(new ProducerRecord<>(FAILING_GROWN, 2, onNewPartition, order(onNewPartition)));

        await().atMost(ClusterReads.DEADLINE).until(() -> cluster.partitions(FAILING_GROWN + ".DLT") == 3);
        assertThat(cluster.awaitRecord(FAILING_GROWN + ".DLT", onNewPartition).partition()).isEqualTo(2);
    }

    /** A key that is not UTF-8 text, read as bytes by the listener, reaches the dead-letter topic byte for byte. */
    @Test
    void aByteArrayKeyArrivesInTheDeadLetterTopicWithItsExactBytes() throws Exception {
        byte[] key = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, (byte) 0x80};
        String id = UUID.randomUUID().toString();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(FAILING_BYTE_KEYS, 0, key, order(id)))
                    .get(ClusterReads.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        String deadLetterTopic = FAILING_BYTE_KEYS + ".DLT";
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        await().atMost(ClusterReads.DEADLINE).until(() -> cluster.partitions(deadLetterTopic) > 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(deadLetterTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            await().atMost(ClusterReads.DEADLINE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (Arrays.equals(record.value(), order(id))) {
                        dead.add(record);
                    }
                });
                return !dead.isEmpty();
            });
            assertThat(dead.get(0).key()).isEqualTo(key);
        }
    }
}

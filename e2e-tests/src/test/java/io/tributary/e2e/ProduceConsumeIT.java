package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static io.tributary.e2e.ClientSupport.partitions;
import static io.tributary.e2e.ClientSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tributary.e2e.support.TributaryProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The basic promise of a Kafka-compatible log, checked with the real kafka-clients 4.4.0 producer and consumer
 * against one standalone Tributary process: what a default-config (idempotent, acks=all) producer sends is read back
 * intact, per partition in send order at consecutive offsets from 0; {@code offsetsForTimes} finds the first offset at
 * or after a timestamp; every compression codec round-trips.
 */
class ProduceConsumeIT {

    private static final int RECORDS = 100_000;
    private static final int KEYS = 997;

    @TempDir
    static Path dataDir;

    private static TributaryProcess tributary;

    @BeforeAll
    static void start() {
        tributary = TributaryProcess.startStandalone(dataDir);
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void hundredThousandKeyedRecordsWithHeadersComeBackPerPartitionInSendOrder() throws Exception {
        String topic = "keyed";
        createTopic(tributary.bootstrap(), topic, 3, Map.of());

        List<ProducerRecord<String, String>> sent = new ArrayList<>(RECORDS);
        List<Future<RecordMetadata>> futures = new ArrayList<>(RECORDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()))) {
            for (int i = 0; i < RECORDS; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, "key-" + (i % KEYS),
                        "value-" + i, headers(i));
                sent.add(record);
                futures.add(producer.send(record));
            }
            producer.flush();
        }

        // every future succeeded; per partition the offsets are consecutive from 0 in send order
        Map<Integer, List<Integer>> sentIndexByPartition = new HashMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata metadata = futures.get(i).get(0, TimeUnit.SECONDS);
            List<Integer> indexes = sentIndexByPartition.computeIfAbsent(metadata.partition(), p -> new ArrayList<>());
            assertThat(metadata.offset()).as("offset of record %d in partition %d", i, metadata.partition())
                    .isEqualTo(indexes.size());
            indexes.add(i);
            Integer earlier = partitionOfKey.putIfAbsent(sent.get(i).key(), metadata.partition());
            assertThat(earlier == null ? metadata.partition() : earlier)
                    .as("partition of key %s", sent.get(i).key()).isEqualTo(metadata.partition());
        }
        assertThat(sentIndexByPartition).as("keys spread over all 3 partitions").containsOnlyKeys(0, 1, 2);

        Map<TopicPartition, List<ConsumerRecord<String, String>>> read =
                readAll(tributary.bootstrap(), partitions(topic, 3));
        for (Map.Entry<TopicPartition, List<ConsumerRecord<String, String>>> entry : read.entrySet()) {
            List<Integer> expected = sentIndexByPartition.get(entry.getKey().partition());
            List<ConsumerRecord<String, String>> records = entry.getValue();
            assertThat(records).as("records read from %s", entry.getKey()).hasSize(expected.size());
            for (int offset = 0; offset < records.size(); offset++) {
                ConsumerRecord<String, String> got = records.get(offset);
                ProducerRecord<String, String> want = sent.get(expected.get(offset));
                assertThat(got.offset()).as("offset at position %d of %s", offset, entry.getKey())
                        .isEqualTo(offset);
                assertThat(got.key()).as("key at %s@%d", entry.getKey(), offset).isEqualTo(want.key());
                assertThat(got.value()).as("value at %s@%d", entry.getKey(), offset).isEqualTo(want.value());
                assertThat(got.headers().toArray()).as("headers at %s@%d", entry.getKey(), offset)
                        .containsExactly(want.headers().toArray());
            }
        }
    }

    /** One or two headers; the second has a null value on every third record. */
    private static List<Header> headers(int i) {
        List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        if (i % 2 == 0) {
            headers.add(new RecordHeader("trace-" + (i % 7),
                    i % 3 == 0 ? null : ("span-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    @Test
    void offsetsForTimesFindsTheFirstOffsetAtOrAfterTheTimestamp() throws Exception {
        String topic = "timed";
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(tributary.bootstrap(), topic, 1, Map.of());
        int count = 100;
        long base = System.currentTimeMillis() - 600_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L, "k" + i, "v" + i));
                if (i % 10 == 9) {
                    producer.flush(); // several batches, so the lookup has to search batches and records in them
                }
            }
        }

        try (KafkaConsumer<String, String> consumer = ClientSupport.consumer(tributary.bootstrap())) {
            // OffsetAndTimestamp.equals also compares the leader epoch, so compare offset and timestamp only
            assertFound(consumer, tp, base + 50_000, 50, base, "exact timestamp of offset 50");
            assertFound(consumer, tp, base + 42_500, 43, base, "between offsets 42 and 43");
            assertFound(consumer, tp, base + 39_999, 40, base, "just before the first record of a batch");
            assertFound(consumer, tp, base - 1, 0, base, "before the first record");
            assertFound(consumer, tp, base + (count - 1) * 1000L, count - 1, base, "the last record");
            assertThat(lookUp(consumer, tp, base + (count - 1) * 1000L + 1)).as("after the last record").isNull();
        }
    }

    private static void assertFound(KafkaConsumer<String, String> consumer, TopicPartition tp, long timestamp,
            long offset, long base, String what) {
        OffsetAndTimestamp found = lookUp(consumer, tp, timestamp);
        assertThat(found).as("offsetsForTimes(%d): %s", timestamp, what).isNotNull();
        assertThat(found.offset()).as("offset for %s", what).isEqualTo(offset);
        assertThat(found.timestamp()).as("timestamp for %s", what).isEqualTo(base + offset * 1000L);
    }

    private static OffsetAndTimestamp lookUp(KafkaConsumer<String, String> consumer, TopicPartition tp,
            long timestamp) {
        Map<TopicPartition, OffsetAndTimestamp> found =
                consumer.offsetsForTimes(Map.of(tp, timestamp), ClientSupport.CLIENT_DEADLINE);
        assertThat(found).as("offsetsForTimes(%d) answers for %s", timestamp, tp).containsKey(tp);
        return found.get(tp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void compressedBatchesRoundTrip(String compression) throws Exception {
        String topic = "compressed-" + compression;
        createTopic(tributary.bootstrap(), topic, 2, Map.of());
        int count = 3000;
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ClientSupport.producerConfig(
                tributary.bootstrap(), Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                        ProducerConfig.LINGER_MS_CONFIG, 20)))) {
            for (int i = 0; i < count; i++) {
                // compressible but distinct: a repeated phrase plus the index
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, "key-" + (i % 31),
                        "the quick brown fox jumps over the lazy dog ".repeat(1 + i % 5) + i);
                record.headers().add("codec", compression.getBytes(StandardCharsets.UTF_8));
                sent.add(record);
                futures.add(producer.send(record));
            }
            producer.flush();
        }
        Map<TopicPartition, List<Integer>> expected = new HashMap<>();
        for (int i = 0; i < count; i++) {
            RecordMetadata metadata = futures.get(i).get(0, TimeUnit.SECONDS);
            expected.computeIfAbsent(new TopicPartition(topic, metadata.partition()), p -> new ArrayList<>()).add(i);
        }

        Map<TopicPartition, List<ConsumerRecord<String, String>>> read =
                readAll(tributary.bootstrap(), partitions(topic, 2));
        int total = 0;
        for (Map.Entry<TopicPartition, List<ConsumerRecord<String, String>>> entry : read.entrySet()) {
            List<Integer> indexes = expected.getOrDefault(entry.getKey(), List.of());
            List<ConsumerRecord<String, String>> records = entry.getValue();
            assertThat(records).as("%s records in %s", compression, entry.getKey()).hasSize(indexes.size());
            for (int offset = 0; offset < records.size(); offset++) {
                ConsumerRecord<String, String> got = records.get(offset);
                ProducerRecord<String, String> want = sent.get(indexes.get(offset));
                assertThat(got.offset()).isEqualTo(offset);
                assertThat(got.key()).isEqualTo(want.key());
                assertThat(got.value()).as("%s value at %s@%d", compression, entry.getKey(), offset)
                        .isEqualTo(want.value());
                assertThat(got.headers().lastHeader("codec").value())
                        .isEqualTo(compression.getBytes(StandardCharsets.UTF_8));
            }
            total += records.size();
        }
        assertThat(total).isEqualTo(count);
    }
}

package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static io.tributary.e2e.ClientSupport.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention and rolling as a user sees them, on one standalone process with 2 KiB segments and a retention check
 * every 500 ms: old segments go by time ({@code retention.ms}) and by size ({@code retention.bytes}), the log start
 * offset moves up, a consumer positioned before it is reset (or told, with {@code auto.offset.reset=none}), and
 * segments roll by age ({@code segment.ms}).
 */
class RetentionIT {

    private static final int SEGMENT_BYTES = 2048;
    private static final Duration RETENTION_DEADLINE = Duration.ofSeconds(60);
    private static final String PADDING = "x".repeat(80);

    @TempDir
    static Path dataDir;

    private static TributaryProcess tributary;

    @BeforeAll
    static void start() {
        tributary = TributaryProcess.startStandalone(dataDir, "--log.segment.bytes=" + SEGMENT_BYTES,
                "--log.retention.check.interval.ms=500");
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void timeRetentionDeletesOldSegmentsAndMovesTheLogStart() throws Exception {
        String topic = "retention-time";
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(tributary.bootstrap(), topic, 1, Map.of("retention.ms", "5000"));
        List<String> values = produce(topic, "t", 300, null);
        int segmentsAfterProduce = segmentFiles(dataDir, tp).size();
        assertThat(segmentsAfterProduce).as("segments after producing %d records", values.size())
                .isGreaterThan(5);

        try (KafkaConsumer<String, String> consumer = ClientSupport.consumer(tributary.bootstrap())) {
            AtomicLong logStart = new AtomicLong();
            Waiting.atMost(RETENTION_DEADLINE, () -> "log start " + logStart + ", segment files "
                    + segmentFiles(dataDir, tp)).until(() -> {
                logStart.set(beginningOffset(consumer, tp));
                return logStart.get() > 0 && segmentFiles(dataDir, tp).size() < segmentsAfterProduce;
            });
            assertThat(consumer.endOffsets(List.of(tp), ClientSupport.CLIENT_DEADLINE).get(tp))
                    .as("retention never moves the log end").isEqualTo(values.size());
            assertThat(beginningOffset(consumer, tp)).isLessThanOrEqualTo(values.size());
        }
    }

    @Test
    void consumerBeforeTheLogStartIsResetOrToldSo() throws Exception {
        String topic = "retention-reset";
        TopicPartition tp = new TopicPartition(topic, 0);
        // old records expire at once; the fresh ones at the end keep their segment for two minutes
        createTopic(tributary.bootstrap(), topic, 1, Map.of("retention.ms", "120000"));
        long dayAgo = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1);
        List<String> values = new ArrayList<>(produce(topic, "old", 200, dayAgo));
        values.addAll(produce(topic, "fresh", 20, null));
        long expectedStart = baseOffsetOfSegmentHolding(tp, 200);
        assertThat(expectedStart).as("old records fill whole segments before offset 200").isGreaterThan(0);

        try (KafkaConsumer<String, String> consumer = ClientSupport.consumer(tributary.bootstrap())) {
            AtomicLong logStart = new AtomicLong();
            Waiting.atMost(RETENTION_DEADLINE, () -> "log start " + logStart + ", expected " + expectedStart
                    + " (segment files " + segmentFiles(dataDir, tp) + ")").until(() -> {
                logStart.set(beginningOffset(consumer, tp));
                return logStart.get() >= expectedStart;
            });
            assertThat(logStart.get()).as("segments holding fresh records stay").isEqualTo(expectedStart);
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(ClientSupport.consumerConfig(
                tributary.bootstrap(), Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            AtomicReference<ConsumerRecord<String, String>> first = new AtomicReference<>();
            Waiting.atMost(ClientSupport.CLIENT_DEADLINE,
                    () -> "no record after seek(0) with auto.offset.reset=earliest").until(() -> {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                records.records(tp).stream().findFirst().ifPresent(first::set);
                return first.get() != null;
            });
            assertThat(first.get().offset()).as("first offset after the reset").isEqualTo(expectedStart);
            assertThat(first.get().value()).isEqualTo(values.get((int) expectedStart));
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(ClientSupport.consumerConfig(
                tributary.bootstrap(), Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            AtomicReference<OffsetOutOfRangeException> thrown = new AtomicReference<>();
            Waiting.atMost(ClientSupport.CLIENT_DEADLINE,
                    () -> "no OffsetOutOfRangeException after seek(0) with auto.offset.reset=none").until(() -> {
                try {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                    assertThat(records.isEmpty()).as("records below the log start: %s", records).isTrue();
                    return false;
                } catch (OffsetOutOfRangeException e) {
                    thrown.set(e);
                    return true;
                }
            });
            assertThat(thrown.get().offsetOutOfRangePartitions()).containsEntry(tp, 0L);
        }
    }

    @Test
    void sizeRetentionKeepsTheLogUnderTheLimitPlusOneSegment() throws Exception {
        String topic = "retention-size";
        TopicPartition tp = new TopicPartition(topic, 0);
        long retentionBytes = 4 * SEGMENT_BYTES;
        createTopic(tributary.bootstrap(), topic, 1, Map.of("retention.bytes", Long.toString(retentionBytes)));
        List<String> values = produce(topic, "s", 400, null);
        // retention may already run while producing, so the size on disk cannot show what was produced
        assertThat(values.stream().mapToLong(String::length).sum()).as("value bytes produced")
                .isGreaterThan(3 * retentionBytes);

        try (KafkaConsumer<String, String> consumer = ClientSupport.consumer(tributary.bootstrap())) {
            Waiting.atMost(RETENTION_DEADLINE, () -> logBytes(tp) + " bytes in " + segmentFiles(dataDir, tp))
                    .until(() -> logBytes(tp) <= retentionBytes + SEGMENT_BYTES);
            long logStart = beginningOffset(consumer, tp);
            assertThat(logStart).isPositive();

            // what is left is the tail of what was produced, whole and in order
            consumer.assign(List.of(tp));
            consumer.seek(tp, logStart);
            List<ConsumerRecord<String, String>> rest = new ArrayList<>();
            Waiting.atMost(ClientSupport.CLIENT_DEADLINE,
                    () -> "read " + rest.size() + " records from " + logStart).until(() -> {
                consumer.poll(Duration.ofMillis(200)).records(tp).forEach(rest::add);
                return consumer.position(tp) >= values.size();
            });
            assertThat(rest).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(values.subList((int) logStart, values.size()));
        }
    }

    @Test
    void segmentsRollByAgeUnderSteadyProduce() throws Exception {
        String topic = "roll-by-time";
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(tributary.bootstrap(), topic, 1, Map.of("segment.ms", "1000", "segment.bytes", "1048576"));
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()))) {
            // one record per poll of the condition (every 100 ms) until a second segment appears
            Waiting.atMost(Duration.ofSeconds(30),
                    () -> values.size() + " records in one segment " + segmentFiles(dataDir, tp)).until(() -> {
                String value = "steady-" + values.size();
                try {
                    RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, 0, "k", value))
                            .get(30, TimeUnit.SECONDS);
                    assertThat(metadata.offset()).isEqualTo(values.size());
                } catch (Exception e) {
                    throw new AssertionError("send of " + value + " failed", e);
                }
                values.add(value);
                return segmentFiles(dataDir, tp).size() > 1;
            });
        }
        assertThat(ClientSupport.readAll(tributary.bootstrap(), List.of(tp)).get(tp))
                .extracting(ConsumerRecord::value).containsExactlyElementsOf(values);
    }

    /**
     * Produces {@code count} records of about 100 bytes to partition 0 in small batches, so they fill many 2 KiB
     * segments; with {@code timestamp} null they carry the send time. Returns the values by offset.
     */
    private static List<String> produce(String topic, String prefix, int count, Long timestamp) throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ClientSupport.producerConfig(
                tributary.bootstrap(), Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 512,
                        ProducerConfig.LINGER_MS_CONFIG, 0)))) {
            for (int i = 0; i < count; i++) {
                String value = prefix + "-" + i + "-" + PADDING;
                values.add(value);
                futures.add(producer.send(new ProducerRecord<>(topic, 0, timestamp, "k" + i, value)));
            }
            producer.flush();
        }
        long first = -1;
        for (int i = 0; i < count; i++) {
            long offset = futures.get(i).get(0, TimeUnit.SECONDS).offset();
            if (i == 0) {
                first = offset;
            }
            assertThat(offset).as("offset of %s", values.get(i)).isEqualTo(first + i);
        }
        return values;
    }

    private static long beginningOffset(KafkaConsumer<String, String> consumer, TopicPartition tp) {
        return consumer.beginningOffsets(List.of(tp), ClientSupport.CLIENT_DEADLINE).get(tp);
    }

    private static long logBytes(TopicPartition tp) {
        return segmentFiles(dataDir, tp).stream().mapToLong(ClientSupport::size).sum();
    }

    /** The base offset (file name) of the segment that holds {@code offset}. */
    private static long baseOffsetOfSegmentHolding(TopicPartition tp, long offset) {
        long base = -1;
        for (Path segment : segmentFiles(dataDir, tp)) {
            String name = segment.getFileName().toString();
            long segmentBase = Long.parseLong(name.substring(0, name.length() - ".log".length()));
            if (segmentBase <= offset) {
                base = segmentBase;
            }
        }
        return base;
    }
}

package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static io.tributary.e2e.ClientSupport.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * Log compaction as a consumer sees it, on one standalone process whose cleaner looks for work every 500 ms: a
 * compacted topic with 16 KiB segments, updated 100 times per key, shrinks to about one record per key (plus the
 * active segment, which is never cleaned) and still gives the latest value of every key at increasing offsets;
 * tombstones remove their keys entirely once {@code delete.retention.ms} has passed and the log is cleaned again.
 */
class CompactionIT {

    private static final int KEYS = 1000;
    private static final int UPDATES = 100_000;
    private static final int DELETED_KEYS = 100;
    private static final long DELETE_RETENTION_MS = 2000;
    private static final Duration CLEANING_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    static Path dataDir;

    private static TributaryProcess tributary;

    @BeforeAll
    static void start() {
        tributary = TributaryProcess.startStandalone(dataDir, "--log.cleaner.backoff.ms=500");
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void theCleanerKeepsTheLatestValueOfEveryKeyAndDropsTombstonedKeys() throws Exception {
        String topic = "compacted";
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(tributary.bootstrap(), topic, 1, Map.of(
                "cleanup.policy", "compact",
                "segment.bytes", "16384",
                "min.cleanable.dirty.ratio", "0.01",
                "delete.retention.ms", String.valueOf(DELETE_RETENTION_MS)));
        Map<String, String> latest = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < UPDATES; i++) {
                String key = key(i % KEYS);
                String value = "value-" + i;
                producer.send(new ProducerRecord<>(topic, 0, key, value));
                latest.put(key, value);
            }
            producer.flush();
        }
        assertThat(segmentFiles(dataDir, tp).size()).as("segment files after %d updates", UPDATES)
                .isGreaterThan(10);

        AtomicReference<List<ConsumerRecord<String, String>>> read = new AtomicReference<>();
        Waiting.atMost(CLEANING_DEADLINE, () -> "log not cleaned: " + read.get().size() + " records read from the "
                + "beginning, active segment from " + activeSegmentBase(tp) + ", segment files "
                + segmentFiles(dataDir, tp)).until(() -> {
            read.set(readFromBeginning(tp));
            return cleaned(read.get(), activeSegmentBase(tp));
        });
        assertLatestValues(read.get(), latest, "after cleaning");

        // tombstones for the first 100 keys, then enough updates to the others to close the tombstones' segment
        try (KafkaProducer<String, String> producer = producer()) {
            for (int k = 0; k < DELETED_KEYS; k++) {
                producer.send(new ProducerRecord<>(topic, 0, key(k), null));
                latest.remove(key(k));
            }
            producer.flush();
        }
        long tombstonesWrittenAt = System.nanoTime();
        AtomicInteger round = new AtomicInteger();
        AtomicLong lastFill = new AtomicLong(System.nanoTime());
        Waiting.atMost(CLEANING_DEADLINE, () -> "tombstoned keys still in the log (first 20): " + read.get().stream()
                .filter(r -> isDeletedKey(r.key())).limit(20).map(CompactionIT::describe).toList()).until(() -> {
            read.set(readFromBeginning(tp));
            boolean retentionPassed = System.nanoTime() - tombstonesWrittenAt
                    > TimeUnit.MILLISECONDS.toNanos(DELETE_RETENTION_MS);
            if (retentionPassed && deletedKeysGone(read.get())) {
                return true;
            }
            // new dirty data now and then, so that segments close and the cleaner has a reason to clean again
            if (System.nanoTime() - lastFill.get() > TimeUnit.SECONDS.toNanos(1)) {
                fill(topic, latest, round.getAndIncrement());
                lastFill.set(System.nanoTime());
            }
            return false;
        });
        assertLatestValues(read.get(), latest, "after the tombstones were cleaned away");
    }

    /** 600 updates of keys 100-999: more than one 16 KiB segment. */
    private static void fill(String topic, Map<String, String> latest, int round) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 600; i++) {
                String key = key(DELETED_KEYS + (i % (KEYS - DELETED_KEYS)));
                String value = "fill-" + round + "-" + i;
                producer.send(new ProducerRecord<>(topic, 0, key, value));
                latest.put(key, value);
            }
            producer.flush();
        }
    }

    /** Every key at most once before the active segment: what a complete cleaning leaves. */
    private static boolean cleaned(List<ConsumerRecord<String, String>> records, long activeBase) {
        List<String> cleanedKeys = records.stream().filter(r -> r.offset() < activeBase).map(ConsumerRecord::key)
                .toList();
        return cleanedKeys.size() <= KEYS && cleanedKeys.stream().distinct().count() == cleanedKeys.size();
    }

    private static boolean deletedKeysGone(List<ConsumerRecord<String, String>> records) {
        return records.stream().noneMatch(r -> isDeletedKey(r.key()));
    }

    private static boolean isDeletedKey(String key) {
        return IntStream.range(0, DELETED_KEYS).anyMatch(k -> key(k).equals(key));
    }

    /** Offsets increase; for every key the last value read is its latest, and no other key is there. */
    private static void assertLatestValues(List<ConsumerRecord<String, String>> records, Map<String, String> latest,
            String when) {
        Map<String, String> lastRead = new HashMap<>();
        long previous = -1;
        List<String> notIncreasing = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.offset() <= previous && notIncreasing.size() < 20) {
                notIncreasing.add(previous + " then " + record.offset());
            }
            previous = record.offset();
            if (record.value() == null) {
                lastRead.remove(record.key());
            } else {
                lastRead.put(record.key(), record.value());
            }
        }
        assertThat(notIncreasing).as("offsets read from the beginning %s", when).isEmpty();
        assertThat(lastRead).as("latest value of every key %s", when).isEqualTo(latest);
    }

    private static List<ConsumerRecord<String, String>> readFromBeginning(TopicPartition tp) {
        return ClientSupport.readAll(tributary.bootstrap(), List.of(tp)).get(tp);
    }

    /** The base offset of the last segment file, the active one; nothing at or after it is cleaned. */
    private static long activeSegmentBase(TopicPartition tp) {
        List<Path> segments = segmentFiles(dataDir, tp);
        if (segments.isEmpty()) {
            return 0;
        }
        String name = segments.get(segments.size() - 1).getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    private static String describe(ConsumerRecord<String, String> record) {
        return record.key() + "=" + record.value() + "@" + record.offset();
    }

    private static String key(int k) {
        return String.format("key-%04d", k);
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(ClientSupport.producerConfig(tributary.bootstrap(), Map.of(
                ProducerConfig.ACKS_CONFIG, "all")));
    }
}

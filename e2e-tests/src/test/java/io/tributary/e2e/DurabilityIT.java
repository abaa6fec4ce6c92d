package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static io.tributary.e2e.ClientSupport.partitions;
import static io.tributary.e2e.ClientSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What survives a restart of the standalone process on the same data directory and ports: everything after a clean
 * stop (SIGTERM); every acknowledged record after a SIGKILL in the middle of a produce stream; and every whole
 * record when the active segment ends in garbage. After each restart the log must be readable to its end and take new
 * appends at the next offset.
 *
 * <p>One process per class; each test restarts it and leaves the new one running for the next.
 */
class DurabilityIT {

    @TempDir
    static Path dataDir;

    private static TributaryProcess tributary;

    @BeforeAll
    static void start() {
        tributary = TributaryProcess.startStandaloneOn(dataDir, Ports.free(), Ports.free());
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    /** A test that failed mid-restart must not take the next one down with it. */
    @BeforeEach
    void ensureRunning() {
        if (!tributary.isAlive()) {
            restart();
        }
    }

    private static void restart() {
        tributary = TributaryProcess.startStandaloneOn(dataDir, tributary.kafkaPort(), tributary.zookeeperPort());
    }

    @Test
    void cleanStopKeepsTopicsAndRecords() throws Exception {
        String topic = "durable";
        createTopic(tributary.bootstrap(), topic, 2, Map.of());
        Map<TopicPartition, List<String>> sent = produce(topic, "clean", 2000);

        tributary.stop();
        restart();

        try (Admin admin = ClientSupport.admin(tributary.bootstrap())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions()).hasSize(2);
        }
        assertReadBack(sent);
        assertAppendsContinue(topic, 2, sent);
    }

    @Test
    void everyAcknowledgedRecordSurvivesKill9MidStream() throws Exception {
        String topic = "crash";
        createTopic(tributary.bootstrap(), topic, 2, Map.of());
        Map<TopicPartition, NavigableMap<Long, String>> acked = new ConcurrentHashMap<>();
        AtomicInteger ackedCount = new AtomicInteger();
        AtomicBoolean stopStreaming = new AtomicBoolean();
        AtomicReference<Throwable> streamFailure = new AtomicReference<>();
        Semaphore outstanding = new Semaphore(2000); // a steady stream, not a backlog in the producer's buffer

        KafkaProducer<String, String> producer = new KafkaProducer<>(ClientSupport.producerConfig(
                tributary.bootstrap(), Map.of(
                        ProducerConfig.ACKS_CONFIG, "1",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                        ProducerConfig.LINGER_MS_CONFIG, 1,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000)));
        Thread streamer = new Thread(() -> {
            try {
                for (int i = 0; !stopStreaming.get(); i++) {
                    if (!outstanding.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        i--;
                        continue;
                    }
                    String value = "stream-" + i;
                    producer.send(new ProducerRecord<>(topic, "key-" + (i % 101), value), (metadata, error) -> {
                        outstanding.release();
                        if (error == null) {
                            acked.computeIfAbsent(new TopicPartition(metadata.topic(), metadata.partition()),
                                    tp -> new ConcurrentSkipListMap<>()).put(metadata.offset(), value);
                            ackedCount.incrementAndGet();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!stopStreaming.get()) {
                    streamFailure.set(e); // a send that fails before the kill is a failure of its own
                }
            }
        }, "e2e-streamer");
        streamer.start();
        try {
            Waiting.atMost(Duration.ofSeconds(60), () -> "only " + ackedCount.get() + " records acknowledged")
                    .until(() -> ackedCount.get() >= 20_000 || streamFailure.get() != null);
            assertThat(streamFailure.get()).as("produce before the kill").isNull();
            tributary.kill9();
            int ackedAtKill = ackedCount.get();
            stopStreaming.set(true);
            streamer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(streamer.isAlive()).as("streamer stopped").isFalse();
            assertThat(ackedAtKill).isGreaterThanOrEqualTo(20_000);
        } finally {
            stopStreaming.set(true);
            producer.close(Duration.ZERO); // fails what is still unsent; the acknowledged set is final after this
        }

        restart();

        // right after the restart the log end the broker reports (high watermark) covers every acknowledged offset;
        // checked here, reported at the end, so that the data checks below run either way
        List<String> endProblems = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = ClientSupport.consumer(tributary.bootstrap())) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions(topic, 2), ClientSupport.CLIENT_DEADLINE);
            acked.forEach((tp, offsets) -> {
                if (ends.get(tp) <= offsets.lastKey()) {
                    endProblems.add(tp + ": end offset " + ends.get(tp) + " after the restart, but offsets up to "
                            + offsets.lastKey() + " were acknowledged");
                }
            });
        }

        // a new append to every partition goes after everything that survived
        Map<TopicPartition, String> appended = new HashMap<>();
        try (KafkaProducer<String, String> after = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()))) {
            for (TopicPartition tp : partitions(topic, 2)) {
                String value = "after-kill-" + tp.partition();
                long offset = after.send(new ProducerRecord<>(topic, tp.partition(), "k", value))
                        .get(60, TimeUnit.SECONDS).offset();
                NavigableMap<Long, String> ackedHere = acked.getOrDefault(tp, new ConcurrentSkipListMap<>());
                assertThat(offset).as("offset of the first append to %s after the restart", tp)
                        .isGreaterThan(ackedHere.isEmpty() ? -1 : ackedHere.lastKey());
                appended.put(tp, value);
            }
        }

        // the log reads to its end without error: consecutive offsets, every acknowledged record in place
        Map<TopicPartition, List<ConsumerRecord<String, String>>> read = readAll(tributary.bootstrap(),
                partitions(topic, 2));
        for (TopicPartition tp : partitions(topic, 2)) {
            List<ConsumerRecord<String, String>> records = read.get(tp);
            for (int offset = 0; offset < records.size(); offset++) {
                assertThat(records.get(offset).offset()).as("offsets of %s are consecutive from 0", tp)
                        .isEqualTo(offset);
            }
            assertThat(records).as("records in %s", tp).isNotEmpty();
            assertThat(records.get(records.size() - 1).value()).as("last record of %s", tp)
                    .isEqualTo(appended.get(tp));
            acked.getOrDefault(tp, new ConcurrentSkipListMap<>()).forEach((offset, value) ->
                    assertThat(records.get(offset.intValue()).value())
                            .as("acknowledged record at %s@%d", tp, offset).isEqualTo(value));
        }
        assertThat(endProblems).as("end offsets reported right after the restart").isEmpty();
    }

    /**
     * A user who restarts standalone right after kill -9 (or a crash, or an OOM kill), with default settings, gets
     * a running broker with its topics: the start waits the few seconds until the killed run's ZooKeeper session,
     * restored with the data, has expired and its broker registration is gone.
     */
    @Test
    void restartsRightAfterKill9(@TempDir Path otherDataDir) throws Exception {
        TributaryProcess killed = TributaryProcess.startStandalone(otherDataDir);
        try {
            createTopic(killed.bootstrap(), "survivor", 1, Map.of());
        } finally {
            killed.kill9();
        }
        try (TributaryProcess restarted = TributaryProcess.startStandaloneOn(otherDataDir, killed.kafkaPort(),
                killed.zookeeperPort());
                Admin admin = ClientSupport.admin(restarted.bootstrap())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("survivor");
        }
    }

    @Test
    void garbageAfterTheLastBatchIsCutOffOnRestart() throws Exception {
        String topic = "torn";
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(tributary.bootstrap(), topic, 1, Map.of());
        Map<TopicPartition, List<String>> sent = produce(topic, "torn", 500);

        tributary.stop();
        List<Path> segments = ClientSupport.segmentFiles(dataDir, tp);
        assertThat(segments).as("segment files of %s", tp).isNotEmpty();
        Path active = segments.get(segments.size() - 1);
        long sizeBefore = Files.size(active);
        byte[] garbage = new byte[1000];
        new Random(20261124L).nextBytes(garbage);
        Files.write(active, garbage, StandardOpenOption.APPEND);
        assertThat(Files.size(active)).isEqualTo(sizeBefore + garbage.length);

        restart();

        assertReadBack(sent);
        assertAppendsContinue(topic, 1, sent);
    }

    /** Produces with the default (idempotent, acks=all) producer and returns the values per partition by offset. */
    private static Map<TopicPartition, List<String>> produce(String topic, String prefix, int count)
            throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()))) {
            for (int i = 0; i < count; i++) {
                String value = prefix + "-" + i;
                values.add(value);
                futures.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 37), value)));
            }
            producer.flush();
        }
        Map<TopicPartition, List<String>> byPartition = new HashMap<>();
        for (int i = 0; i < count; i++) {
            RecordMetadata metadata = futures.get(i).get(0, TimeUnit.SECONDS);
            List<String> log = byPartition.computeIfAbsent(new TopicPartition(topic, metadata.partition()),
                    tp -> new ArrayList<>());
            assertThat(metadata.offset()).as("offset of %s", values.get(i)).isEqualTo(log.size());
            log.add(values.get(i));
        }
        return byPartition;
    }

    /** Each partition holds exactly the expected values at offsets 0.., and nothing after them. */
    private static void assertReadBack(Map<TopicPartition, List<String>> expected) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> read;
        try {
            read = readAll(tributary.bootstrap(), expected.keySet());
        } catch (KafkaException e) {
            throw new AssertionError("reading " + expected.keySet() + " up to offsets "
                    + expected.entrySet().stream().map(en -> en.getKey() + "=" + en.getValue().size()).toList()
                    + " failed", e);
        }
        expected.forEach((tp, values) -> {
            List<ConsumerRecord<String, String>> records = read.get(tp);
            assertThat(records).extracting(ConsumerRecord::value).as("values in %s", tp)
                    .containsExactlyElementsOf(values);
            for (int offset = 0; offset < records.size(); offset++) {
                assertThat(records.get(offset).offset()).as("offset in %s", tp).isEqualTo(offset);
            }
        });
    }

    /** A new record in every partition gets the next offset, and is read back after the old ones. */
    private static void assertAppendsContinue(String topic, int partitionCount,
            Map<TopicPartition, List<String>> logs) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()))) {
            for (TopicPartition tp : partitions(topic, partitionCount)) {
                List<String> log = logs.computeIfAbsent(tp, p -> new ArrayList<>());
                String value = "after-restart-" + tp.partition();
                RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, tp.partition(), "k", value))
                        .get(60, TimeUnit.SECONDS);
                assertThat(metadata.offset()).as("offset of the first append to %s after the restart", tp)
                        .isEqualTo(log.size());
                log.add(value);
            }
        }
        assertReadBack(logs);
    }
}

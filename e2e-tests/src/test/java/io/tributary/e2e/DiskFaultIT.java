package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Mounts;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * A standalone Tributary with two log directories, one of them on a disk that fails under it, driven by kafka-clients
 * 4.4: a 40 MB tmpfs that producing fills up, and an ext4 file system that turns read-only at run time. Either way
 * the producer gets KAFKA_STORAGE_ERROR for the partitions on the failed disk and never a timeout, the partitions on
 * the other directory keep taking and serving records, the broker reports the directory offline in its health and
 * metrics, and after a SIGKILL and a restart on the repaired disk every acknowledged record reads back at its offset
 * and new records go in after them.
 *
 * <p>The file systems are mounted under the test's own directory and unmounted at the end; the test needs root, and
 * fails (never skips) when it cannot mount.
 */
class DiskFaultIT {

    private static final int PARTITIONS = 4;
    private static final Duration SEND_DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path work;

    private static final List<Path> MOUNTED = Collections.synchronizedList(new ArrayList<>());

    private TributaryProcess tributary;

    @AfterEach
    void stopTributary() {
        if (tributary != null && tributary.isAlive()) {
            tributary.kill9();
        }
    }

    @AfterAll
    static void unmount() {
        List<Path> mounted = new ArrayList<>(MOUNTED);
        Collections.reverse(mounted);
        mounted.forEach(Mounts::unmount);
    }

    /** What one test sent: the acknowledged records of each partition by offset, and every send that failed. */
    private static final class Sent {
        final Map<TopicPartition, NavigableMap<Long, String>> acked = new HashMap<>();
        final Map<TopicPartition, List<Throwable>> failed = new HashMap<>();
        int sequence;

        int failures(TopicPartition tp) {
            return failed.getOrDefault(tp, List.of()).size();
        }
    }

    @Test
    void aFullDiskAnswersKafkaStorageErrorAndLosesNoAcknowledgedRecord() throws Exception {
        Path healthy = work.resolve("full/healthy");
        Path small = work.resolve("full/small");
        Mounts.tmpfs(small, "40m");
        MOUNTED.add(small);
        Scenario scenario = new Scenario(work.resolve("full/data"), healthy, small);
        scenario.start();
        createTopic("filling", Map.of());
        scenario.splitPartitions("filling");

        Sent sent = new Sent();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int round = 0; round < 100 && scenario.faulty.stream().allMatch(tp -> sent.failures(tp) == 0); round++) {
                sendRound(producer, scenario.faulty, 40, 16 * 1024, sent);
                sendRound(producer, scenario.healthy, 2, 1024, sent);
            }
            assertThat(scenario.faulty).as("the 40 MB tmpfs filled up").anySatisfy(tp -> assertThat(sent.failures(tp)).isPositive());
            scenario.assertFailedWithStorageErrorsOnly(sent);

            Map<TopicPartition, Integer> failedBefore = new HashMap<>();
            scenario.faulty.forEach(tp -> failedBefore.put(tp, sent.failures(tp)));
            Map<TopicPartition, Integer> ackedBefore = ackedCounts(sent);
            sendRound(producer, ClientSupport.partitions("filling", PARTITIONS), 20, 1024, sent);
            scenario.assertAfterTheFault(sent, failedBefore, ackedBefore);
        }
        scenario.assertReportedOffline();
        scenario.assertHealthyPartitionsReadBack(sent);

        tributary.kill9();
        Mounts.remount(small, "size=80m");
        scenario.restartAndAssertEverythingReadsBack("filling", sent);
    }

    @Test
    void aDirectoryThatTurnsReadOnlyAnswersKafkaStorageErrorAndLosesNoAcknowledgedRecord() throws Exception {
        Path healthy = work.resolve("ro/healthy");
        Path image = work.resolve("ro/ext4.img");
        Path ext4 = work.resolve("ro/ext4");
        Files.createDirectories(image.getParent());
        Mounts.ext4Image(image, 64, ext4);
        MOUNTED.add(ext4);
        Scenario scenario = new Scenario(work.resolve("ro/data"), healthy, ext4);
        scenario.start();
        // a disk that fails loses what the page cache had not written yet: acknowledged means synced here
        createTopic("turning", Map.of("flush.messages", "1"));
        scenario.splitPartitions("turning");

        Sent sent = new Sent();
        try (KafkaProducer<String, String> producer = producer()) {
            sendRound(producer, ClientSupport.partitions("turning", PARTITIONS), 30, 1024, sent);
            assertThat(sent.failed).as("before the fault").isEmpty();

            Mounts.failExt4(ext4);
            Map<TopicPartition, Integer> failedBefore = new HashMap<>();
            scenario.faulty.forEach(tp -> failedBefore.put(tp, 0));
            Map<TopicPartition, Integer> ackedBefore = ackedCounts(sent);
            sendRound(producer, ClientSupport.partitions("turning", PARTITIONS), 30, 1024, sent);
            scenario.assertAfterTheFault(sent, failedBefore, ackedBefore);
            assertThat(sent.failed.get(scenario.faulty.get(0)).get(0)).hasMessageContaining("Read-only file system");
        }
        scenario.assertReportedOffline();
        scenario.assertHealthyPartitionsReadBack(sent);

        tributary.kill9();
        Mounts.unmount(ext4);
        MOUNTED.remove(ext4);
        Mounts.mountExt4(image, ext4);
        MOUNTED.add(ext4);
        scenario.restartAndAssertEverythingReadsBack("turning", sent);
    }

    /** One broker run over a healthy and a failing log directory, across a restart. */
    private final class Scenario {
        final Path dataDir;
        final Path healthyDir;
        final Path faultyDir;
        final int kafkaPort = Ports.free();
        final int zookeeperPort = Ports.free();
        final int httpPort = Ports.free();
        final List<TopicPartition> healthy = new ArrayList<>();
        final List<TopicPartition> faulty = new ArrayList<>();

        Scenario(Path dataDir, Path healthyDir, Path faultyDir) {
            this.dataDir = dataDir;
            this.healthyDir = healthyDir;
            this.faultyDir = faultyDir;
        }

        void start() {
            tributary = TributaryProcess.startStandaloneOn(dataDir, kafkaPort, zookeeperPort,
                    "--log.dirs=" + healthyDir + "," + faultyDir, "--server.port=" + httpPort);
        }

        /** Finds which partitions went to which directory: new partitions go to the least used one. */
        void splitPartitions(String topic) {
            for (TopicPartition tp : ClientSupport.partitions(topic, PARTITIONS)) {
                String name = tp.topic() + "-" + tp.partition();
                Waiting.atMost(Duration.ofSeconds(30), () -> "no log directory for " + name)
                        .failFast(tributary.aliveCheck())
                        .until(() -> Files.isDirectory(healthyDir.resolve(name))
                                || Files.isDirectory(faultyDir.resolve(name)));
                (Files.isDirectory(faultyDir.resolve(name)) ? faulty : healthy).add(tp);
            }
            assertThat(healthy).as("partitions on the healthy directory").isNotEmpty();
            assertThat(faulty).as("partitions on the failing directory").isNotEmpty();
        }

        /** Every send completed: a failure is a storage error on a partition of the failed directory, never a timeout. */
        void assertFailedWithStorageErrorsOnly(Sent sent) {
            sent.failed.forEach((tp, errors) -> {
                assertThat(faulty).as("a partition of the healthy directory failed: " + errors).contains(tp);
                assertThat(errors).allSatisfy(error -> assertThat(error)
                        .as("clients get an answer, never silence").isInstanceOf(KafkaStorageException.class));
            });
        }

        /** After the fault, the failed directory's partitions refuse every record and the others take every one. */
        void assertAfterTheFault(Sent sent, Map<TopicPartition, Integer> failedBefore, Map<TopicPartition, Integer> ackedBefore) {
            assertFailedWithStorageErrorsOnly(sent);
            for (TopicPartition tp : faulty) {
                assertThat(sent.failures(tp) - failedBefore.get(tp)).as("records refused by " + tp + " after the fault").isPositive();
                assertThat(sent.acked.getOrDefault(tp, new TreeMap<>()).size()).as("nothing acknowledged by " + tp + " after the fault")
                        .isEqualTo(ackedBefore.getOrDefault(tp, 0));
            }
            for (TopicPartition tp : healthy) {
                assertThat(sent.acked.get(tp).size()).as("records acknowledged by " + tp + " after the fault")
                        .isGreaterThan(ackedBefore.get(tp));
            }
        }

        /** The broker says which directory is offline, once in its log, in its health and in its metrics. */
        void assertReportedOffline() throws Exception {
            try (RawKafkaConnection connection = RawKafkaConnection.open("127.0.0.1", kafkaPort, Duration.ofSeconds(30))) {
                for (TopicPartition tp : faulty) {
                    assertThat(fetchError(connection, tp)).as("Fetch of " + tp).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
                    assertThat(listOffsetsError(connection, tp)).as("ListOffsets of " + tp).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
                }
                assertThat(fetchError(connection, healthy.get(0))).isEqualTo(Errors.NONE);
            }
            Waiting.atMost(Duration.ofSeconds(30), () -> "no Actuator health\n" + tributary.logTail(40))
                    .failFast(tributary.aliveCheck())
                    .until(() -> httpGet("/actuator/health") != null);
            String health = httpGet("/actuator/health");
            assertThat(health).as("the broker serves the healthy directory: still UP").endsWith("\"status\":\"UP\"}")
                    .contains("\"logDirs\"").contains("\"" + faultyDir + "\":\"offline: ").contains("\"" + healthyDir + "\":\"online\"");
            String metrics = httpGet("/actuator/prometheus");
            assertThat(metrics).containsPattern("tributary_log_dirs_offline\\{[^}]*} 1\\.0")
                    .containsPattern("tributary_log_dir_offline\\{dir=\"" + Pattern.quote(faultyDir.toString()) + "\"[^}]*} 1\\.0")
                    .containsPattern("tributary_log_dir_offline\\{dir=\"" + Pattern.quote(healthyDir.toString()) + "\"[^}]*} 0\\.0");
            String log = Files.readString(tributary.logFile());
            assertThat(log.split("Log directory " + faultyDir + " is offline", -1)).as("logged once").hasSize(2);
        }

        void assertHealthyPartitionsReadBack(Sent sent) {
            assertReadBack(ClientSupport.readAll(tributary.bootstrap(), healthy), sent, healthy);
        }

        /** SIGKILLed before: starts again on the repaired disk, reads everything back, then appends and reads again. */
        void restartAndAssertEverythingReadsBack(String topic, Sent sent) throws Exception {
            start();
            List<TopicPartition> all = ClientSupport.partitions(topic, PARTITIONS);
            assertReadBack(ClientSupport.readAll(tributary.bootstrap(), all), sent, all);
            Map<TopicPartition, Integer> ackedBefore = ackedCounts(sent);
            int failedBefore = sent.failed.values().stream().mapToInt(List::size).sum();
            try (KafkaProducer<String, String> producer = producer()) {
                sendRound(producer, all, 10, 1024, sent);
            }
            assertThat(sent.failed.values().stream().mapToInt(List::size).sum()).as("no failure after the restart")
                    .isEqualTo(failedBefore);
            for (TopicPartition tp : all) {
                assertThat(sent.acked.get(tp).size()).as("appends continue on " + tp).isEqualTo(ackedBefore.getOrDefault(tp, 0) + 10);
            }
            assertReadBack(ClientSupport.readAll(tributary.bootstrap(), all), sent, all);
        }

        private String httpGet(String path) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? response.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Map<TopicPartition, Integer> ackedCounts(Sent sent) {
        Map<TopicPartition, Integer> counts = new HashMap<>();
        sent.acked.forEach((tp, records) -> counts.put(tp, records.size()));
        return counts;
    }

    /** Every acknowledged record of {@code partitions} is in {@code read} at its offset, byte for byte. */
    private static void assertReadBack(Map<TopicPartition, List<ConsumerRecord<String, String>>> read, Sent sent,
            List<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Map<Long, String> stored = new LinkedHashMap<>();
            read.get(tp).forEach(record -> stored.put(record.offset(), record.value()));
            NavigableMap<Long, String> acked = sent.acked.getOrDefault(tp, new TreeMap<>());
            assertThat(acked).as("records acknowledged by " + tp).isNotEmpty();
            acked.forEach((offset, value) -> assertThat(stored.get(offset))
                    .as(tp + " at offset " + offset + " (read " + stored.size() + " records)").isEqualTo(value));
        }
    }

    private KafkaProducer<String, String> producer() {
        // no retries: the test sees the broker's own answer to each produce, which a timeout would hide
        return new KafkaProducer<>(ClientSupport.producerConfig(tributary.bootstrap(), Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000)));
    }

    private void createTopic(String topic, Map<String, String> configs) {
        ClientSupport.createTopic(tributary.bootstrap(), topic, PARTITIONS, configs);
    }

    /**
     * Sends {@code perPartition} records of about {@code valueBytes} to each partition and waits for every answer.
     *
     * @throws AssertionError if a send got no answer: a timeout is silence
     */
    private static void sendRound(KafkaProducer<String, String> producer, List<TopicPartition> partitions, int perPartition,
            int valueBytes, Sent sent) throws InterruptedException {
        Map<Future<RecordMetadata>, ProducerRecord<String, String>> futures = new LinkedHashMap<>();
        for (int i = 0; i < perPartition; i++) {
            for (TopicPartition tp : partitions) {
                String value = "record-" + sent.sequence++ + "-" + "x".repeat(valueBytes);
                ProducerRecord<String, String> record = new ProducerRecord<>(tp.topic(), tp.partition(), "k" + i, value);
                futures.put(producer.send(record), record);
            }
        }
        for (Map.Entry<Future<RecordMetadata>, ProducerRecord<String, String>> entry : futures.entrySet()) {
            ProducerRecord<String, String> record = entry.getValue();
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            try {
                RecordMetadata metadata = entry.getKey().get(SEND_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                sent.acked.computeIfAbsent(tp, t -> new TreeMap<>()).put(metadata.offset(), record.value());
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("an answer, not a client timeout")
                        .isNotInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
                sent.failed.computeIfAbsent(tp, t -> new ArrayList<>()).add(e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("no answer to a produce to " + tp + " within " + SEND_DEADLINE, e);
            }
        }
    }

    private static Errors fetchError(RawKafkaConnection connection, TopicPartition tp) {
        FetchRequestData data = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(tp.topic()).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(tp.partition()).setFetchOffset(0)
                                .setPartitionMaxBytes(1 << 20)))));
        short version = (short) Math.min(12, maxVersion(connection, ApiKeys.FETCH));
        FetchResponse response = (FetchResponse) connection.call(new FetchRequest.SimpleBuilder(data).build(version));
        return Errors.forCode(response.data().responses().get(0).partitions().get(0).errorCode());
    }

    private static Errors listOffsetsError(RawKafkaConnection connection, TopicPartition tp) {
        ListOffsetsRequest request = ListOffsetsRequest.Builder.forConsumer(false, IsolationLevel.READ_UNCOMMITTED)
                .setTargetTimes(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(tp.topic()).setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(tp.partition())
                                .setTimestamp(ListOffsetsRequest.EARLIEST_TIMESTAMP)))))
                .build(maxVersion(connection, ApiKeys.LIST_OFFSETS));
        ListOffsetsResponse response = (ListOffsetsResponse) connection.call(request);
        return Errors.forCode(response.data().topics().get(0).partitions().get(0).errorCode());
    }

    /** The newest version of {@code api} both the broker and these clients speak. */
    private static short maxVersion(RawKafkaConnection connection, ApiKeys api) {
        short broker = connection.apiVersions().apiKeys().find(api.id).maxVersion();
        return (short) Math.min(broker, api.latestVersion());
    }
}

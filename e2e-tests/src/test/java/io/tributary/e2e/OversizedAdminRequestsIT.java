package io.tributary.e2e;

import static io.tributary.e2e.support.KafkaCli.CONFIG_COMMAND;
import static io.tributary.e2e.support.KafkaCli.LEGACY_CONFIG_COMMAND;
import static io.tributary.e2e.support.KafkaCli.TOPIC_COMMAND;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.KafkaCli;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * Issue 6's first finding, through Kafka's own CLI against the standalone jar: one CreateTopics of 100,000 (or
 * 1,000,000,000) partitions made the broker build the whole assignment and write a znode larger than ZooKeeper
 * accepts, and the process spun until killed. Each oversized request must now get a clear error on the CLI's output,
 * and the node must stay healthy: it answers, a normal topic can be created, stored records read back, and its heap
 * stays small.
 */
class OversizedAdminRequestsIT {

    private static final String EXCESSIVE = "Excessively large number of partitions per request";
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$");
    private static final long HEAP_BOUND_BYTES = 256L * 1024 * 1024;
    /** 30,001 characters: a valid retention.ms, far over the node's bound on config values. */
    private static final String LONG_NUMBER = "0".repeat(30_000) + "1";
    private static final String LONG_VALUE_REFUSED =
            "The value of retention.ms is 30001 characters long; at most 4096 are accepted";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    static TributaryProcess tributary;
    static int httpPort;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final List<String> stored = new ArrayList<>();

    @BeforeAll
    static void startWithData() throws Exception {
        httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        ClientSupport.createTopic(tributary.bootstrap(), "kept", 1, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                stored.add("value-" + i);
                producer.send(new ProducerRecord<>("kept", "k" + i, "value-" + i)).get();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void aHundredThousandPartitionsIsRefusedWithKafkasMessageAndTheNodeStaysHealthy() {
        CliResult typo = topics("--create", "--topic", "typo", "--partitions", "100000", "--replication-factor", "1");

        assertThat(typo.exitCode()).as("%s", typo).isNotZero();
        assertThat(typo.output()).as("%s", typo).contains(EXCESSIVE);
        assertHealthy("typo");
    }

    @Test
    void aBillionPartitionsIsRefusedWithKafkasMessageAndTheNodeStaysHealthy() {
        CliResult absurd = topics("--create", "--topic", "absurd", "--partitions", "1000000000",
                "--replication-factor", "1");

        assertThat(absurd.exitCode()).as("%s", absurd).isNotZero();
        assertThat(absurd.output()).as("%s", absurd).contains(EXCESSIVE);
        assertHealthy("absurd");
    }

    @Test
    void growingATopicByAHundredThousandPartitionsIsRefusedAndTheTopicKeepsItsPartitions() {
        CliResult created = topics("--create", "--topic", "growing", "--partitions", "2", "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();

        CliResult grown = topics("--alter", "--topic", "growing", "--partitions", "100000");

        assertThat(grown.exitCode() != 0 || grown.output().contains("Error")).as("%s", grown).isTrue();
        assertThat(grown.output()).as("%s", grown).contains(EXCESSIVE);
        assertThat(topics("--describe", "--topic", "growing").stdout()).contains("PartitionCount: 2");
        assertHealthy("growing-after");
    }

    @Test
    void anOversizedConfigValueOnTopicCreationIsRefusedClearly() {
        // a number the CLI's own config check accepts (it validates before sending), so only the node can refuse it
        CliResult created = topics("--create", "--topic", "configured-huge", "--partitions", "1",
                "--replication-factor", "1", "--config", "retention.ms=" + LONG_NUMBER);

        assertThat(created.exitCode()).as("%s", created).isNotZero();
        assertThat(created.output()).as("%s", created).contains(LONG_VALUE_REFUSED);
        assertThat(topics("--list").stdout().lines()).doesNotContain("configured-huge");
        assertHealthy("configured-after");
    }

    @Test
    void oversizedConfigValuesThroughKafkaConfigsAreRefusedClearlyAndTheStoredOneKept() throws IOException {
        CliResult created = topics("--create", "--topic", "altered", "--partitions", "1", "--replication-factor", "1",
                "--config", "retention.ms=60000");
        assertThat(created.exitCode()).as("%s", created).isZero();
        Path twoMegabytes = files.resolve("huge.properties");
        Files.writeString(twoMegabytes, "retention.ms=" + "9".repeat(2 * 1024 * 1024) + "\n");

        CliResult long30k = configs("altered", "--alter", "--add-config", "retention.ms=" + LONG_NUMBER);
        // Kafka's client cannot put a string of over 32,767 characters on the wire: it refuses it before sending
        CliResult huge = configs("altered", "--alter", "--add-config-file", twoMegabytes.toString());

        assertThat(long30k.exitCode()).as("%s", long30k).isNotZero();
        assertThat(long30k.output()).as("%s", long30k).contains(LONG_VALUE_REFUSED);
        assertThat(huge.exitCode()).as("%s", huge).isNotZero();
        assertThat(huge.output()).as("%s", huge).contains("'value' field is too long to be serialized");
        CliResult described = configs("altered", "--describe");
        assertThat(described.stdout()).as("%s", described).contains("retention.ms=60000");
        assertHealthy("altered-after");
    }

    /** The node answers, creates a normal topic, serves every record stored before, and its heap stayed small. */
    private static void assertHealthy(String newTopic) {
        CliResult created = topics("--create", "--topic", newTopic, "--partitions", "3", "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdout()).as("%s", created).contains("Created topic " + newTopic + ".");

        Map<TopicPartition, List<ConsumerRecord<String, String>>> read = ClientSupport.readAll(tributary.bootstrap(),
                List.of(new TopicPartition("kept", 0)));
        assertThat(read.get(new TopicPartition("kept", 0))).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(stored);

        assertThat(heapUsedBytes()).as("heap used, bytes").isLessThan(HEAP_BOUND_BYTES);
        assertThat(tributary.isAlive()).isTrue();
    }

    private static long heapUsedBytes() {
        String[] metrics = {""};
        Waiting.atMost(Duration.ofSeconds(30), () -> "no heap gauges in /actuator/prometheus\n" + tributary.logTail(40))
                .failFast(tributary.aliveCheck()).until(() -> {
            metrics[0] = get("/actuator/prometheus");
            return HEAP_USED.matcher(metrics[0]).find();
        });
        Matcher heap = HEAP_USED.matcher(metrics[0]);
        double used = 0;
        while (heap.find()) {
            used += Double.parseDouble(heap.group(1));
        }
        return (long) used;
    }

    private static String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CliResult topics(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--bootstrap-server";
        full[1] = tributary.bootstrap();
        System.arraycopy(args, 0, full, 2, args.length);
        return KafkaCli.run(TOPIC_COMMAND, full);
    }

    private static CliResult configs(String topic, String... args) {
        List<String> full = new ArrayList<>(List.of("--bootstrap-server", tributary.bootstrap(), "--entity-type", "topics",
                "--entity-name", topic));
        full.addAll(List.of(args));
        return KafkaCli.run(configCommand(), full.toArray(String[]::new));
    }

    private static String configCommand() {
        return KafkaCli.firstAvailable(CONFIG_COMMAND, LEGACY_CONFIG_COMMAND)
                .orElseThrow(() -> new AssertionError("no ConfigCommand on the kafka-cli classpath"));
    }
}

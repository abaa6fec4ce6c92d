package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.partitions;
import static io.tributary.e2e.support.KafkaCli.CONSOLE_CONSUMER;
import static io.tributary.e2e.support.KafkaCli.CONSOLE_PRODUCER;
import static io.tributary.e2e.support.KafkaCli.CONSUMER_GROUP_COMMAND;
import static io.tributary.e2e.support.KafkaCli.TOPIC_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.KafkaCli;
import io.tributary.e2e.support.TributaryProcess;

/**
 * Consumer groups through Kafka's own command-line tools (kafka-tools 4.3.1, each in its own JVM) against standalone
 * Tributary: {@code kafka-console-consumer --group} reads every line and commits, and {@code kafka-consumer-groups}
 * lists the group, describes its offsets and lag, resets it to the earliest offsets and deletes it. One Tributary for
 * the class; every test uses its own topic and group.
 */
class ConsumerGroupCliIT {

    @TempDir
    static Path dataDir;

    static TributaryProcess tributary;

    @BeforeAll
    static void startTributary() {
        tributary = TributaryProcess.startStandalone(dataDir);
    }

    @AfterAll
    static void stopTributary() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void consumerGroupCommandListsAndDescribesAConsoleConsumersGroup() {
        CliResult created = topics("--create", "--topic", "grouped-lines", "--partitions", "1",
                "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();
        CliResult produced = KafkaCli.run(CONSOLE_PRODUCER, "a\nb\nc\n", Duration.ofSeconds(120),
                "--bootstrap-server", tributary.bootstrap(), "--topic", "grouped-lines");
        assertThat(produced.exitCode()).as("%s", produced).isZero();

        // with --group the console consumer joins the group and commits its position when it closes
        CliResult consumed = KafkaCli.run(CONSOLE_CONSUMER, "--bootstrap-server", tributary.bootstrap(),
                "--topic", "grouped-lines", "--group", "cli-group", "--from-beginning", "--max-messages", "3",
                "--timeout-ms", "60000");
        assertThat(consumed.exitCode()).as("%s", consumed).isZero();
        assertThat(consumed.stdout().lines()).as("%s", consumed).containsExactly("a", "b", "c");

        CliResult listed = groups("--list");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout().lines()).as("%s", listed).contains("cli-group");

        CliResult described = groups("--describe", "--group", "cli-group");
        assertThat(described.exitCode()).as("%s", described).isZero();
        // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
        assertThat(described.stdout().lines().map(line -> List.of(line.trim().split("\\s+"))))
                .as("%s", described)
                .anySatisfy(columns -> assertThat(columns).startsWith("cli-group", "grouped-lines", "0", "3", "3",
                        "0"));
    }

    @Test
    void consoleConsumerReadsEveryLineAndDescribeShowsTheLagOfEachPartition() {
        String topic = "lagging-lines";
        String group = "lagging-group";
        createTopic(topic, 3);
        List<String> lines = lines("first", 60);
        produceLines(topic, lines);

        CliResult consumed = consumeAsGroup(topic, group, lines.size());
        assertThat(consumed.stdout().lines()).as("%s", consumed).containsExactlyInAnyOrderElementsOf(lines);
        Map<TopicPartition, Long> committed = endOffsets(topic, 3);
        assertThat(committed.values()).as("records per partition").allMatch(count -> count > 0);

        CliResult listed = groups("--list");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout().lines()).as("%s", listed).contains(group);

        produceLines(topic, lines("more", 30));
        Map<TopicPartition, Long> ends = endOffsets(topic, 3);

        CliResult described = groups("--describe", "--group", group);
        assertThat(described.exitCode()).as("%s", described).isZero();
        Map<Integer, Map<String, String>> rows = offsetRows(described, group, topic);
        assertThat(rows.keySet()).as("partitions described in\n%s", described).containsExactlyInAnyOrder(0, 1, 2);
        long totalLag = 0;
        for (TopicPartition tp : partitions(topic, 3)) {
            Map<String, String> row = rows.get(tp.partition());
            long current = Long.parseLong(row.get("CURRENT-OFFSET"));
            long logEnd = Long.parseLong(row.get("LOG-END-OFFSET"));
            long lag = Long.parseLong(row.get("LAG"));
            assertThat(current).as("CURRENT-OFFSET of %s in\n%s", tp, described).isEqualTo(committed.get(tp));
            assertThat(logEnd).as("LOG-END-OFFSET of %s in\n%s", tp, described).isEqualTo(ends.get(tp));
            assertThat(lag).as("LAG of %s in\n%s", tp, described).isEqualTo(logEnd - current);
            totalLag += lag;
        }
        assertThat(totalLag).as("total lag in\n%s", described).isEqualTo(30);
    }

    @Test
    void resetOffsetsToEarliestThenDeleteTheGroup() {
        String topic = "reset-lines";
        String group = "reset-group";
        createTopic(topic, 2);
        List<String> lines = lines("line", 40);
        produceLines(topic, lines);
        CliResult consumed = consumeAsGroup(topic, group, lines.size());
        assertThat(consumed.stdout().lines()).as("%s", consumed).containsExactlyInAnyOrderElementsOf(lines);
        Map<TopicPartition, Long> ends = endOffsets(topic, 2);

        CliResult before = groups("--describe", "--group", group);
        assertThat(before.exitCode()).as("%s", before).isZero();
        offsetRows(before, group, topic).forEach((partition, row) ->
                assertThat(row.get("CURRENT-OFFSET")).as("partition %d before the reset in\n%s", partition, before)
                        .isEqualTo(String.valueOf(ends.get(new TopicPartition(topic, partition)))));

        // the console consumer has left: the group is inactive, so its offsets may be reset
        CliResult reset = groups("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest",
                "--execute");
        assertThat(reset.exitCode()).as("%s", reset).isZero();
        Map<Integer, Map<String, String>> resetRows = tableRows(reset, "NEW-OFFSET", group, topic);
        assertThat(resetRows.keySet()).as("partitions reset in\n%s", reset).containsExactlyInAnyOrder(0, 1);
        resetRows.forEach((partition, row) -> assertThat(row.get("NEW-OFFSET"))
                .as("NEW-OFFSET of partition %d in\n%s", partition, reset).isEqualTo("0"));

        CliResult after = groups("--describe", "--group", group);
        assertThat(after.exitCode()).as("%s", after).isZero();
        Map<Integer, Map<String, String>> rows = offsetRows(after, group, topic);
        assertThat(rows.keySet()).as("partitions described in\n%s", after).containsExactlyInAnyOrder(0, 1);
        rows.forEach((partition, row) -> {
            assertThat(row.get("CURRENT-OFFSET")).as("CURRENT-OFFSET of %d in\n%s", partition, after).isEqualTo("0");
            assertThat(row.get("LAG")).as("LAG of %d in\n%s", partition, after).isEqualTo(row.get("LOG-END-OFFSET"));
        });

        CliResult deleted = groups("--delete", "--group", group);
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();
        assertThat(deleted.stdout()).as("%s", deleted).contains("Deletion of requested consumer groups ('" + group
                + "') was successful.");
        CliResult listed = groups("--list");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout().lines()).as("%s", listed).doesNotContain(group);
    }

    private static void createTopic(String topic, int partitions) {
        CliResult created = topics("--create", "--topic", topic, "--partitions", String.valueOf(partitions),
                "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();
    }

    private static List<String> lines(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** Each line with a key of its own ({@code key-<line>}), so that the lines spread over the partitions. */
    private static void produceLines(String topic, List<String> lines) {
        String keyed = lines.stream().map(line -> "key-" + line + "\t" + line).collect(Collectors.joining("\n"));
        CliResult produced = KafkaCli.run(CONSOLE_PRODUCER, keyed + "\n", Duration.ofSeconds(120),
                "--bootstrap-server", tributary.bootstrap(), "--topic", topic, "--property", "parse.key=true");
        assertThat(produced.exitCode()).as("%s", produced).isZero();
    }

    /** The console consumer in {@code group} from the beginning; it commits its position when it closes. */
    private static CliResult consumeAsGroup(String topic, String group, int count) {
        CliResult consumed = KafkaCli.run(CONSOLE_CONSUMER, "--bootstrap-server", tributary.bootstrap(),
                "--topic", topic, "--from-beginning", "--group", group, "--max-messages", String.valueOf(count),
                "--timeout-ms", "60000");
        assertThat(consumed.exitCode()).as("%s", consumed).isZero();
        assertThat(consumed.stderr()).as("%s", consumed).contains("Processed a total of " + count + " messages");
        return consumed;
    }

    private static Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        try (KafkaConsumer<String, String> consumer = ClientSupport.consumer(tributary.bootstrap())) {
            return new HashMap<>(consumer.endOffsets(partitions(topic, partitions), ClientSupport.CLIENT_DEADLINE));
        }
    }

    /** The rows of a {@code --describe} offsets table, by partition, each as column name to value. */
    private static Map<Integer, Map<String, String>> offsetRows(CliResult described, String group, String topic) {
        return tableRows(described, "CURRENT-OFFSET", group, topic);
    }

    /**
     * Rows of the table whose header line starts with GROUP and names {@code column}: the rows for {@code group} and
     * {@code topic}, by partition. The columns up to LAG never hold blanks, so splitting on whitespace is safe.
     */
    private static Map<Integer, Map<String, String>> tableRows(CliResult result, String column, String group,
            String topic) {
        List<String> header = null;
        Map<Integer, Map<String, String>> rows = new HashMap<>();
        for (String line : result.stdout().lines().map(String::strip).toList()) {
            List<String> cells = List.of(line.split("\\s+"));
            if (cells.get(0).equals("GROUP") && cells.contains(column)) {
                header = cells;
            } else if (header != null && cells.size() >= 3 && cells.get(0).equals(group)
                    && cells.get(1).equals(topic)) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < Math.min(header.size(), cells.size()); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                rows.put(Integer.parseInt(cells.get(2)), row);
            }
        }
        assertThat(header).as("a table with a %s column in\n%s", column, result).isNotNull();
        return rows;
    }

    private static CliResult groups(String... args) {
        List<String> full = new ArrayList<>(List.of("--bootstrap-server", tributary.bootstrap()));
        full.addAll(List.of(args));
        return KafkaCli.run(CONSUMER_GROUP_COMMAND, full.toArray(String[]::new));
    }

    private static CliResult topics(String... args) {
        List<String> full = new ArrayList<>(List.of("--bootstrap-server", tributary.bootstrap()));
        full.addAll(List.of(args));
        return KafkaCli.run(TOPIC_COMMAND, full.toArray(String[]::new));
    }
}

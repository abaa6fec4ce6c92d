package io.tributary.e2e;

import static io.tributary.e2e.support.KafkaCli.CONFIG_COMMAND;
import static io.tributary.e2e.support.KafkaCli.CONSOLE_CONSUMER;
import static io.tributary.e2e.support.KafkaCli.CONSOLE_PRODUCER;
import static io.tributary.e2e.support.KafkaCli.LEGACY_CONFIG_COMMAND;
import static io.tributary.e2e.support.KafkaCli.TOPIC_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.KafkaCli;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * Kafka's own command-line tools (kafka-tools 4.3.1, each in its own JVM) against standalone Tributary, typed as a
 * user would type them (consumer groups: {@link ConsumerGroupCliIT}). One Tributary for the class; every test uses
 * its own topics.
 */
class KafkaCliIT {

    private static final Pattern LEADER_1 = Pattern.compile("Partition: \\d+\\s+Leader: 1\\s");

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
    void topicCommandCreatesListsDescribesAltersAndDeletesATopic() {
        CliResult created = topics("--create", "--topic", "first", "--partitions", "3", "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdout()).as("%s", created).contains("Created topic first.");

        CliResult listed = topics("--list");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout().lines()).as("%s", listed).contains("first");

        CliResult described = topics("--describe", "--topic", "first");
        assertThat(described.exitCode()).as("%s", described).isZero();
        assertThat(described.stdout()).as("%s", described)
                .contains("Topic: first")
                .contains("PartitionCount: 3")
                .contains("ReplicationFactor: 1");
        assertThat(leaderOneLines(described)).as("partitions led by broker 1 in\n%s", described).hasSize(3);

        CliResult duplicate = topics("--create", "--topic", "first", "--partitions", "1", "--replication-factor", "1");
        assertThat(duplicate.exitCode()).as("%s", duplicate).isNotZero();
        assertThat(duplicate.output()).as("%s", duplicate).contains("already exists");

        CliResult grown = topics("--alter", "--topic", "first", "--partitions", "5");
        assertThat(grown.exitCode()).as("%s", grown).isZero();
        CliResult describedGrown = topics("--describe", "--topic", "first");
        assertThat(describedGrown.stdout()).as("%s", describedGrown).contains("PartitionCount: 5");
        assertThat(leaderOneLines(describedGrown)).as("partitions led by broker 1 in\n%s", describedGrown)
                .hasSize(5);

        CliResult shrunk = topics("--alter", "--topic", "first", "--partitions", "2");
        assertThat(shrunk.exitCode() != 0 || shrunk.output().contains("Error")).as("%s", shrunk).isTrue();
        assertThat(shrunk.output()).as("%s", shrunk)
                // Tributary's wording, or Kafka 4.4's ("... has 5 partition(s); 2 would not be an increase")
                .containsAnyOf("Partitions can only be added", "higher than the requested",
                        "would not be an increase");
        assertThat(topics("--describe", "--topic", "first").stdout()).contains("PartitionCount: 5");

        CliResult deleted = topics("--delete", "--topic", "first");
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();
        // deletion may complete asynchronously, as in Kafka: the topic must be gone from --list soon after
        Waiting.atMost(Duration.ofSeconds(60), () -> "topic first still listed after --delete:\n" + topics("--list"))
                .until(() -> !topics("--list").stdout().lines().toList().contains("first"));
    }

    @Test
    void topicCommandCreatesATopicWithAConfigOverride() {
        CliResult created = topics("--create", "--topic", "first-with-config", "--partitions", "1",
                "--replication-factor", "1", "--config", "retention.ms=1000");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdout()).contains("Created topic first-with-config.");

        CliResult described = topics("--describe", "--topic", "first-with-config");
        assertThat(described.exitCode()).as("%s", described).isZero();
        assertThat(described.stdout()).as("%s", described)
                .contains("PartitionCount: 1")
                .contains("retention.ms=1000");
    }

    @Test
    void consoleProducerLinesComeBackFromConsoleConsumer() {
        CliResult created = topics("--create", "--topic", "console-lines", "--partitions", "1",
                "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();
        List<String> lines = List.of("first line", "second line", "a third, with punctuation: {\"k\": 1}",
                "fourth", "ünïcødé fifth");

        CliResult produced = KafkaCli.run(CONSOLE_PRODUCER, String.join("\n", lines) + "\n", Duration.ofSeconds(120),
                "--bootstrap-server", tributary.bootstrap(), "--topic", "console-lines");
        assertThat(produced.exitCode()).as("%s", produced).isZero();

        CliResult consumed = KafkaCli.run(CONSOLE_CONSUMER, "--bootstrap-server", tributary.bootstrap(),
                "--topic", "console-lines", "--partition", "0", "--offset", "earliest",
                "--max-messages", String.valueOf(lines.size()), "--timeout-ms", "60000");
        assertThat(consumed.exitCode()).as("%s", consumed).isZero();
        assertThat(consumed.stdout().lines()).as("%s", consumed).containsExactlyElementsOf(lines);
        assertThat(consumed.stderr()).as("%s", consumed).contains("Processed a total of " + lines.size() + " messages");
    }

    @Test
    void configCommandAddsDescribesAndDeletesTopicConfigs() {
        CliResult created = topics("--create", "--topic", "configured", "--partitions", "1",
                "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();

        CliResult added = configs("--alter", "--add-config", "retention.ms=5000,cleanup.policy=compact");
        assertThat(added.exitCode()).as("%s", added).isZero();
        assertThat(added.stdout()).as("%s", added).contains("Completed updating config for topic configured.");

        CliResult described = configs("--describe");
        assertThat(described.exitCode()).as("%s", described).isZero();
        assertThat(described.stdout()).as("%s", described)
                .contains("retention.ms=5000")
                .contains("cleanup.policy=compact");

        CliResult deleted = configs("--alter", "--delete-config", "retention.ms");
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();

        CliResult describedAfter = configs("--describe");
        assertThat(describedAfter.exitCode()).as("%s", describedAfter).isZero();
        assertThat(describedAfter.stdout()).as("%s", describedAfter)
                .doesNotContain("retention.ms=5000")
                .contains("cleanup.policy=compact");
        assertThat(describedAfter.stdout().lines().map(String::strip))
                .as("dynamic configs left after --delete-config retention.ms:\n%s", describedAfter)
                .noneMatch(line -> line.startsWith("retention.ms="));
    }

    @Test
    void configCommandRejectsAnUnknownTopicConfig() {
        CliResult created = topics("--create", "--topic", "configured-badly", "--partitions", "1",
                "--replication-factor", "1");
        assertThat(created.exitCode()).as("%s", created).isZero();

        CliResult rejected = KafkaCli.run(configCommand(), "--bootstrap-server", tributary.bootstrap(),
                "--entity-type", "topics", "--entity-name", "configured-badly", "--alter", "--add-config", "foo.bar=1");
        assertThat(rejected.exitCode()).as("%s", rejected).isNotZero();
        assertThat(rejected.output()).as("%s", rejected).contains("foo.bar");
        assertThat(rejected.output().toLowerCase()).as("%s", rejected).containsAnyOf("unknown", "invalid");

        CliResult described = KafkaCli.run(configCommand(), "--bootstrap-server", tributary.bootstrap(),
                "--entity-type", "topics", "--entity-name", "configured-badly", "--describe");
        assertThat(described.exitCode()).as("%s", described).isZero();
        assertThat(described.stdout()).as("%s", described).doesNotContain("foo.bar");
    }

    private static CliResult topics(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--bootstrap-server";
        full[1] = tributary.bootstrap();
        System.arraycopy(args, 0, full, 2, args.length);
        return KafkaCli.run(TOPIC_COMMAND, full);
    }

    /**
     * kafka-tools has ConfigCommand only from 4.4.0 on; with tools 4.3.1 it is {@code kafka.admin.ConfigCommand} in
     * the core jar ({@code kafka_2.13}). Either will do; neither on the classpath is a build gap, not a pass.
     */
    private static String configCommand() {
        return KafkaCli.firstAvailable(CONFIG_COMMAND, LEGACY_CONFIG_COMMAND).orElseThrow(() -> new AssertionError(
                "no ConfigCommand on the kafka-cli classpath: kafka-tools 4.3.1 has none (it moved there in 4.4.0); "
                        + "the kafka-cli module needs org.apache.kafka:kafka_2.13:4.3.1 (kafka.admin.ConfigCommand) "
                        + "or kafka-tools 4.4.0"));
    }

    private static CliResult configs(String... args) {
        String[] full = new String[args.length + 6];
        full[0] = "--bootstrap-server";
        full[1] = tributary.bootstrap();
        full[2] = "--entity-type";
        full[3] = "topics";
        full[4] = "--entity-name";
        full[5] = "configured";
        System.arraycopy(args, 0, full, 6, args.length);
        return KafkaCli.run(configCommand(), full);
    }

    private static List<String> leaderOneLines(CliResult described) {
        return described.stdout().lines().filter(line -> LEADER_1.matcher(line + " ").find()).toList();
    }
}

package io.tributary.e2e;

import static io.tributary.e2e.support.KafkaCli.TOPIC_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.PartitionView;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.KafkaCli;
import io.tributary.e2e.support.Waiting;

/**
 * Kafka's own CLI (kafka-tools 4.3.1, each command its own JVM) against three brokers: {@code kafka-topics
 * --describe} shows three replicas and the ISR shrinking when a broker dies and healing when it returns;
 * {@code --under-replicated-partitions} and {@code --unavailable-partitions} list the right partitions; and
 * {@code kafka-leader-election --election-type preferred} gives the returned broker its preferred leaderships back
 * ({@code auto.leader.rebalance.enable=false}, so that nothing else does).
 */
@TributaryCluster(brokers = 3, zookeeperSessionTimeoutMs = 4000,
        brokerConfig = {"replica.lag.time.max.ms=3000", "auto.leader.rebalance.enable=false"})
class ReplicationCliIT {

    private static final String LEADER_ELECTION = "org.apache.kafka.tools.LeaderElectionCommand";
    private static final String REPLICATED = "replicated";
    private static final String SINGLE = "single";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern PARTITION_LINE = Pattern.compile(
            "Topic: (\\S+)\\s+Partition: (\\d+)\\s+Leader: (\\S+)\\s+Replicas: ([\\d,]*)\\s+Isr: ([\\d,]*)");

    /** One partition line of {@code kafka-topics --describe}. */
    private record Described(String topic, int partition, String leader, List<Integer> replicas, List<Integer> isr) {
    }

    @Test
    void describeFollowsTheIsrAndLeaderElectionRestoresPreferredLeaders(Cluster cluster) {
        topics(cluster, "--create", "--topic", REPLICATED, "--partitions", "3", "--replication-factor", "3",
                "--config", "min.insync.replicas=2");
        topics(cluster, "--create", "--topic", SINGLE, "--partitions", "3", "--replication-factor", "1");
        cluster.awaitFullyReplicated(DEADLINE, REPLICATED, SINGLE);

        assertThat(describe(cluster, "--describe", "--topic", REPLICATED)).as("--describe of a healthy topic")
                .hasSize(3).allSatisfy(p -> {
                    assertThat(p.replicas()).hasSize(3).doesNotHaveDuplicates();
                    assertThat(p.isr()).containsExactlyInAnyOrderElementsOf(p.replicas());
                    assertThat(p.replicas()).contains(Integer.parseInt(p.leader()));
                });
        assertThat(describe(cluster, "--describe", "--under-replicated-partitions")).as("under-replicated").isEmpty();
        assertThat(describe(cluster, "--describe", "--unavailable-partitions")).as("unavailable").isEmpty();

        ClusterNode victim = cluster.node(cluster.partition(new TopicPartition(SINGLE, 0)).orElseThrow().leader());
        victim.kill9();
        Waiting.atMost(DEADLINE, () -> "dead " + victim + " still leads or is in an ISR: "
                + cluster.partitions(REPLICATED) + "\n" + cluster.logTails(30))
                .until(() -> {
                    List<PartitionView> partitions = cluster.partitions(REPLICATED);
                    return partitions.size() == 3 && partitions.stream().allMatch(p -> p.leader() >= 0
                            && p.leader() != victim.id() && !p.isr().contains(victim.id()));
                });
        assertThat(describe(cluster, "--describe", "--topic", REPLICATED)).as("--describe with %s dead", victim)
                .hasSize(3).allSatisfy(p -> {
                    assertThat(p.replicas()).hasSize(3).contains(victim.id());
                    assertThat(p.isr()).hasSize(2).doesNotContain(victim.id());
                });
        assertThat(describe(cluster, "--describe", "--under-replicated-partitions"))
                .as("under-replicated with %s dead", victim)
                .filteredOn(p -> p.topic().equals(REPLICATED)).extracting(Described::partition)
                .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(describe(cluster, "--describe", "--unavailable-partitions"))
                .as("unavailable with %s dead", victim).extracting(p -> p.topic() + "-" + p.partition())
                .contains(SINGLE + "-0").doesNotContain(REPLICATED + "-0", REPLICATED + "-1", REPLICATED + "-2");

        victim.restart();
        cluster.awaitFullyReplicated(DEADLINE, REPLICATED, SINGLE);
        assertThat(describe(cluster, "--describe", "--topic", REPLICATED)).as("--describe after %s returned", victim)
                .allSatisfy(p -> assertThat(p.isr()).containsExactlyInAnyOrderElementsOf(p.replicas()));
        assertThat(describe(cluster, "--describe", "--under-replicated-partitions")).as("under-replicated, healed")
                .isEmpty();
        assertThat(describe(cluster, "--describe", "--unavailable-partitions")).as("unavailable, healed").isEmpty();
        assertThat(cluster.partitions(REPLICATED)).as("leaders moved away from %s while it was down", victim)
                .anyMatch(p -> p.leader() != p.preferredLeader());

        CliResult election = KafkaCli.run(LEADER_ELECTION, "--bootstrap-server", cluster.bootstrap(),
                "--election-type", "preferred", "--all-topic-partitions");
        assertThat(election.exitCode()).as("kafka-leader-election: %s", election).isZero();
        assertThat(election.stdout()).as("kafka-leader-election output").contains("Successfully completed leader election");
        Waiting.atMost(DEADLINE, () -> "leaders after the preferred election: " + cluster.partitions(REPLICATED))
                .until(() -> {
                    List<PartitionView> partitions = cluster.partitions(REPLICATED);
                    return partitions.size() == 3 && partitions.stream().allMatch(p -> p.leader() == p.preferredLeader());
                });
        assertThat(describe(cluster, "--describe", "--topic", REPLICATED)).as("--describe after the election")
                .allSatisfy(p -> assertThat(p.leader()).isEqualTo(Integer.toString(p.replicas().get(0))));
    }

    private static CliResult topics(Cluster cluster, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrap()));
        all.addAll(List.of(args));
        CliResult result = KafkaCli.run(TOPIC_COMMAND, all.toArray(String[]::new));
        assertThat(result.exitCode()).as("kafka-topics %s: %s", all, result).isZero();
        return result;
    }

    private static List<Described> describe(Cluster cluster, String... args) {
        CliResult result = topics(cluster, args);
        List<Described> partitions = new ArrayList<>();
        Matcher m = PARTITION_LINE.matcher(result.stdout());
        while (m.find()) {
            partitions.add(new Described(m.group(1), Integer.parseInt(m.group(2)), m.group(3), ids(m.group(4)),
                    ids(m.group(5))));
        }
        return partitions;
    }

    private static List<Integer> ids(String list) {
        return list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Integer::parseInt).toList();
    }
}

package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.Waiting;

/**
 * Issue 7's first CI test: three brokers, a topic of 6 partitions at RF 3 with {@code min.insync.replicas=2}, an
 * idempotent {@code acks=all} producer writing numbered records for at least 60 s while the leader of a partition
 * is killed with SIGKILL five times, each victim restarted once a new leader serves the partition. Afterwards a
 * consumer reads every partition from the beginning: every acknowledged record is there, at the offset it was
 * acknowledged with, exactly once and in order.
 *
 * <p>Each kill waits for the previous victim to be back in every ISR: with two replicas down at once,
 * {@code min.insync.replicas=2} would (rightly) stop acks=all writes, which is another test's subject.
 */
@TributaryCluster(brokers = 3, zookeeperSessionTimeoutMs = 4000,
        brokerConfig = {"min.insync.replicas=2", "replica.lag.time.max.ms=5000"})
class LeaderKillIT {

    private static final String TOPIC = "leader-kills";
    private static final int PARTITIONS = 6;
    private static final int KILLS = 5;
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration FAILOVER_DEADLINE = Duration.ofSeconds(60);

    @Test
    void everyAcknowledgedRecordSurvivesFiveLeaderKills(Cluster cluster) {
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        cluster.awaitFullyReplicated(FAILOVER_DEADLINE, TOPIC);
        long started = System.nanoTime();
        NumberedProducer stream = NumberedProducer.start("kills", cluster, TOPIC, PARTITIONS, 2, Map.of());
        try {
            Map<Integer, Integer> none = Map.of();
            Waiting.atMost(FAILOVER_DEADLINE, () -> "acknowledged before the first kill: "
                    + stream.ackedPerPartition() + ", failures " + stream.failures())
                    .until(() -> stream.progressedSince(none));
            for (int kill = 1; kill <= KILLS; kill++) {
                cluster.awaitFullyReplicated(FAILOVER_DEADLINE, TOPIC);
                TopicPartition tp = new TopicPartition(TOPIC, kill % PARTITIONS);
                ClusterNode victim = cluster.awaitLeader(tp);
                Map<Integer, Integer> before = stream.ackedPerPartition();
                victim.kill9();
                int round = kill;
                Waiting.atMost(FAILOVER_DEADLINE, () -> "kill " + round + " of " + victim + " (leader of " + tp
                        + "): partition now " + cluster.partition(tp) + "; acknowledged " + stream.ackedPerPartition()
                        + " (before the kill " + before + "); failures " + first(stream.failures()))
                        .until(() -> {
                            int leader = cluster.leaderOf(tp);
                            return leader >= 0 && leader != victim.id() && stream.progressedSince(before);
                        });
                victim.restart();
            }
            cluster.awaitFullyReplicated(FAILOVER_DEADLINE, TOPIC);
            Waiting.atMost(RUN, () -> "the run is not over").until(() -> Duration.ofNanos(System.nanoTime() - started)
                    .compareTo(RUN) >= 0);
        } finally {
            stream.close();
        }

        assertThat(stream.failures()).as("sends that failed for good").isEmpty();
        Map<TopicPartition, TreeMap<Long, Long>> read = NumberedLog.read(cluster, stream);
        assertThat(NumberedLog.check(stream.acknowledged(), read))
                .as("acknowledged %d records; read %s", stream.ackedCount(), NumberedLog.sizes(read))
                .isEmpty();
    }

    private static List<String> first(List<String> failures) {
        return failures.subList(0, Math.min(5, failures.size()));
    }
}

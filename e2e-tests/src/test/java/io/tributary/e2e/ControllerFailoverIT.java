package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.PartitionView;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.Waiting;

/**
 * The controller is killed with SIGKILL: another broker becomes controller once the dead one's ZooKeeper session
 * expires (the session timeout, plus ZooKeeper's one-tick granularity and the time to ask), and gives the dead
 * broker's partitions new leaders. A broker failure after that is handled by the new controller: its partitions
 * get new leaders, it leaves their ISRs, and {@code acks=all} writes go on.
 */
@TributaryCluster(brokers = 3, zookeeperSessionTimeoutMs = ControllerFailoverIT.SESSION_MS,
        brokerConfig = "replica.lag.time.max.ms=3000")
class ControllerFailoverIT {

    static final int SESSION_MS = 6000;
    private static final String TOPIC = "controller-failover";
    private static final Duration TAKEOVER_DEADLINE = Duration.ofMillis(SESSION_MS).plusSeconds(4);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void anotherBrokerTakesOverAndHandlesTheNextFailure(Cluster cluster) throws Exception {
        cluster.createTopic(TOPIC, 6, 3, Map.of("min.insync.replicas", "2"));
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        Waiting.atMost(DEADLINE, () -> "no controller").until(() -> cluster.controllerId() >= 0);
        ClusterNode controller = cluster.node(cluster.controllerId());

        long killedAt = System.nanoTime();
        controller.kill9();
        Waiting.atMost(TAKEOVER_DEADLINE, () -> "within " + TAKEOVER_DEADLINE + " of killing controller " + controller
                + " the controller is " + cluster.controllerId() + "\n" + cluster.logTails(30))
                .until(() -> {
                    int now = cluster.controllerId();
                    return now >= 0 && now != controller.id();
                });
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        ClusterNode successor = cluster.node(cluster.controllerId());
        awaitLeadersAmongRunning(cluster, "after the controller " + controller + " died (takeover " + takeover + ")");

        controller.restart();
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        ClusterNode victim = cluster.brokers().stream().filter(b -> b != successor && b != controller).findFirst()
                .orElseThrow();
        victim.kill9();
        awaitLeadersAmongRunning(cluster, "after broker " + victim + " died under controller " + successor);
        Waiting.atMost(DEADLINE, () -> "dead " + victim + " still in an ISR: " + cluster.partitions(TOPIC))
                .until(() -> {
                    List<PartitionView> partitions = cluster.partitions(TOPIC);
                    return !partitions.isEmpty() && partitions.stream().noneMatch(p -> p.isr().contains(victim.id()));
                });
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int p = 0; p < 6; p++) {
                assertThat(producer.send(new ProducerRecord<>(TOPIC, p, null, "after-" + p)).get(60, TimeUnit.SECONDS)
                        .offset()).as("acks=all offset in partition %d", p).isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(cluster.controllerId()).as("controller after the second failure").isEqualTo(successor.id());
    }

    private static void awaitLeadersAmongRunning(Cluster cluster, String when) {
        Waiting.atMost(DEADLINE, () -> when + ": " + cluster.partitions(TOPIC) + "\n" + cluster.logTails(30))
                .until(() -> {
                    List<PartitionView> partitions = cluster.partitions(TOPIC);
                    return partitions.size() == 6 && partitions.stream().allMatch(p -> p.leader() >= 0
                            && cluster.node(p.leader()).isRunning());
                });
    }
}

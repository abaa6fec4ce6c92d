package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.Waiting;

/**
 * SIGTERM on a leader: before it leaves, its leaderships move to the other replicas (controlled shutdown), seen as
 * a moment when the broker is still registered and alive but leads nothing. Producers writing with
 * {@code acks=all} meanwhile see nothing but retriable errors: an idempotent producer loses no record, and one
 * without retries gets only {@link RetriableException}s (NOT_LEADER_OR_FOLLOWER and the like).
 */
@TributaryCluster(brokers = 3, brokerConfig = "replica.lag.time.max.ms=3000")
class ControlledShutdownIT {

    private static final String TOPIC = "controlled-shutdown";
    private static final int PARTITIONS = 6;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** One look at the cluster from the other brokers while the victim shuts down. */
    private record Sample(boolean registered, Set<TopicPartition> led, boolean aliveAfter) {
    }

    @Test
    void sigtermMovesLeadershipFirstAndProducersSeeOnlyRetriableErrors(Cluster cluster) throws Exception {
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        ClusterNode victim = cluster.awaitLeader(new TopicPartition(TOPIC, 0));
        String others = cluster.brokers().stream().filter(b -> b != victim).map(ClusterNode::address)
                .collect(Collectors.joining(","));

        NumberedProducer idempotent = NumberedProducer.start("idempotent", cluster, TOPIC, PARTITIONS, 1, Map.of());
        NumberedProducer noRetries = NumberedProducer.start("no-retries", cluster, TOPIC, PARTITIONS, 1, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000));
        Queue<Sample> samples = new ConcurrentLinkedQueue<>();
        try (Admin watcher = cluster.newAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, others,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000))) {
            Map<Integer, Integer> before = idempotent.ackedPerPartition();
            Waiting.atMost(DEADLINE, () -> "nothing acknowledged: " + idempotent.failures())
                    .until(() -> idempotent.progressedSince(before));
            CompletableFuture<Void> sampling = CompletableFuture.runAsync(() -> {
                while (victim.isRunning()) {
                    Sample sample = sample(watcher, victim);
                    if (sample != null) {
                        samples.add(sample);
                    }
                }
            });
            victim.stop();
            sampling.get(30, TimeUnit.SECONDS);

            Waiting.atMost(DEADLINE, () -> "partitions led by nobody running: " + cluster.partitions(TOPIC))
                    .until(() -> cluster.partitions(TOPIC).stream().allMatch(p -> p.leader() >= 0
                            && p.leader() != victim.id()));
            Map<Integer, Integer> afterStop = idempotent.ackedPerPartition();
            Waiting.atMost(DEADLINE, () -> "acks=all stalled after the shutdown: " + idempotent.ackedPerPartition()
                    + " failures " + idempotent.failures()).until(() -> idempotent.progressedSince(afterStop));
            victim.restart();
            cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        } finally {
            idempotent.close();
            noRetries.close();
        }

        assertThat(samples).as("samples from SIGTERM to exit (registered, partitions led, alive after)")
                .anyMatch(s -> s.registered() && s.led().isEmpty() && s.aliveAfter());
        assertThat(idempotent.failures()).as("idempotent acks=all sends that failed").isEmpty();
        assertThat(noRetries.errors()).as("errors of the producer without retries: %s", noRetries.failures())
                .allMatch(e -> e instanceof RetriableException);
        Map<TopicPartition, TreeMap<Long, Long>> read = NumberedLog.read(cluster, idempotent);
        assertThat(NumberedLog.check(idempotent.acknowledged(), read)).as("acknowledged %d, read %s",
                idempotent.ackedCount(), NumberedLog.sizes(read)).isEmpty();
    }

    /** What the other brokers say; null if they did not answer within a second or two. */
    private static Sample sample(Admin watcher, ClusterNode victim) {
        try {
            boolean registered = watcher.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes()
                    .get(2, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == victim.id());
            List<TopicPartitionInfo> partitions = watcher.describeTopics(List.of(TOPIC),
                    new DescribeTopicsOptions().timeoutMs(1000)).allTopicNames().get(2, TimeUnit.SECONDS).get(TOPIC)
                    .partitions();
            Set<TopicPartition> led = partitions.stream()
                    .filter(p -> p.leader() != null && p.leader().id() == victim.id())
                    .map(p -> new TopicPartition(TOPIC, p.partition())).collect(Collectors.toSet());
            return new Sample(registered, led, victim.isRunning());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}

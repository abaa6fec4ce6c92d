package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.GroupConsumer.AssignmentLog;
import io.tributary.e2e.GroupConsumer.Commit;
import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.Waiting;

/**
 * Issue 7's consumer-group CI test: three brokers and two coordinators, a topic of 6 partitions at RF 3 with
 * {@code min.insync.replicas=2} and {@code __consumer_offsets} at RF 3. An idempotent {@code acks=all} producer
 * writes numbered records and a group of two members consumes them, committing after every poll, while for two
 * minutes a node picked at random (broker or coordinator) is killed with SIGKILL and restarted once the cluster
 * serves without it. Nothing acknowledged is lost, the committed offsets never go backwards, and every acknowledged
 * record is consumed at least once. The seed of the random picks is printed, to replay a run's order of victims.
 */
@TributaryCluster(brokers = 3, coordinators = 2,
        brokerConfig = {"min.insync.replicas=2", "replica.lag.time.max.ms=5000"},
        coordinatorConfig = {"offsets.topic.replication.factor=3", "offsets.topic.num.partitions=6"})
class ConsumerGroupChaosIT {

    private static final String TOPIC = "chaos";
    private static final String OFFSETS = "__consumer_offsets";
    private static final String GROUP = "chaos-group";
    private static final int PARTITIONS = 6;
    private static final Duration RUN = Duration.ofMinutes(2);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void nothingAcknowledgedIsLostAndCommitsNeverGoBackWhileNodesDie(Cluster cluster) throws Exception {
        long seed = System.nanoTime();
        System.out.println("ConsumerGroupChaosIT seed " + seed);
        Random random = new Random(seed);
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        Set<TopicPartition> all = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(new TopicPartition(TOPIC, p));
        }

        NumberedProducer stream = NumberedProducer.start("chaos", cluster, TOPIC, PARTITIONS, 1, Map.of());
        AssignmentLog log = new AssignmentLog();
        List<GroupConsumer> members = new ArrayList<>();
        Queue<Map<TopicPartition, Long>> samples = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        List<String> victims = new ArrayList<>();
        try {
            for (String name : List.of("chaos-a", "chaos-b")) {
                members.add(GroupConsumer.start(name, memberConfig(cluster), List.of(TOPIC), log, true));
            }
            Waiting.atMost(DEADLINE, () -> "members owning all partitions and committing: " + memberErrors(members)
                    + ", group coordinator " + coordinatorOf(cluster) + "\n" + cluster.logTails(20))
                    .until(() -> owned(members).equals(all) && members.stream().allMatch(m -> !m.commits().isEmpty()));
            cluster.awaitFullyReplicated(DEADLINE, TOPIC, OFFSETS);
            sampler.scheduleWithFixedDelay(() -> {
                Map<TopicPartition, Long> committed = committedOrNull(cluster);
                if (committed != null) {
                    samples.add(committed);
                }
            }, 0, 250, TimeUnit.MILLISECONDS);

            long started = System.nanoTime();
            while (Duration.ofNanos(System.nanoTime() - started).compareTo(RUN) < 0) {
                List<ClusterNode> nodes = cluster.nodes();
                ClusterNode victim = nodes.get(random.nextInt(nodes.size()));
                victims.add(victim.toString());
                Map<Integer, Integer> acked = stream.ackedPerPartition();
                long killedAt = System.nanoTime();
                victim.kill9();
                Waiting.atMost(DEADLINE, () -> "after killing " + victim + " (victims " + victims + "): acknowledged "
                        + stream.ackedPerPartition() + " (before " + acked + "), commits since "
                        + commitsAfter(members, killedAt).size() + ", partitions " + cluster.partitions(TOPIC)
                        + ", failures " + stream.failures() + ", group coordinator " + coordinatorOf(cluster)
                        + ", members " + memberErrors(members) + "\n" + cluster.logTails(20))
                        .until(() -> stream.progressedSince(acked) && !commitsAfter(members, killedAt).isEmpty());
                victim.restart();
                cluster.awaitFullyReplicated(DEADLINE, TOPIC, OFFSETS);
            }
        } finally {
            stream.close();
        }
        try {
            Waiting.atMost(DEADLINE, () -> "acknowledged records never consumed (first 20): " + missing(stream, members))
                    .until(() -> missing(stream, members).isEmpty());
        } finally {
            sampler.shutdownNow();
            members.forEach(GroupConsumer::close);
        }

        assertThat(stream.failures()).as("sends that failed for good; victims %s", victims).isEmpty();
        Map<TopicPartition, TreeMap<Long, Long>> read = NumberedLog.read(cluster, stream);
        assertThat(NumberedLog.check(stream.acknowledged(), read)).as("victims %s; acknowledged %d, read %s",
                victims, stream.ackedCount(), NumberedLog.sizes(read)).isEmpty();
        assertThat(backwards(samples)).as("committed offsets that went backwards; victims %s", victims).isEmpty();
        Map<TopicPartition, Long> committed = committedOrNull(cluster);
        assertThat(committed).as("committed offsets at the end").isNotNull();
        highestAcknowledgedCommits(members).forEach((tp, offset) -> assertThat(committed.getOrDefault(tp, -1L))
                .as("committed offset of %s against the highest commit a member was told succeeded; victims %s",
                        tp, victims)
                .isGreaterThanOrEqualTo(offset));
        assertThat(members).allSatisfy(m -> assertThat(m.pollFailures()).as("%s poll failures", m.name()).isEmpty());
    }

    private static Properties memberConfig(Cluster cluster) {
        return cluster.consumerConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000));
    }

    /** Each member's state and its last commit and poll failures, for a timeout's message. */
    private static List<String> memberErrors(List<GroupConsumer> members) {
        return members.stream().map(m -> m + " commit failures " + last(m.commitFailures()) + " poll failures "
                + last(m.pollFailures())).toList();
    }

    private static List<String> last(List<String> all) {
        return all.subList(Math.max(0, all.size() - 3), all.size());
    }

    private static int coordinatorOf(Cluster cluster) {
        try {
            return cluster.admin().describeConsumerGroups(List.of(GROUP)).all().get(5, TimeUnit.SECONDS).get(GROUP)
                    .coordinator().id();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static Set<TopicPartition> owned(List<GroupConsumer> members) {
        Set<TopicPartition> owned = new HashSet<>();
        members.forEach(m -> owned.addAll(m.current()));
        return owned;
    }

    private static List<Commit> commitsAfter(List<GroupConsumer> members, long nanos) {
        return members.stream().flatMap(m -> m.commits().stream()).filter(c -> c.atNanos() > nanos).toList();
    }

    private static Map<TopicPartition, Long> highestAcknowledgedCommits(List<GroupConsumer> members) {
        Map<TopicPartition, Long> highest = new HashMap<>();
        members.forEach(m -> m.commits().forEach(c -> c.offsets().forEach((tp, o) -> highest.merge(tp, o, Math::max))));
        return highest;
    }

    private static List<String> missing(NumberedProducer stream, List<GroupConsumer> members) {
        Set<String> delivered = new HashSet<>();
        members.forEach(m -> m.deliveries().forEach(d -> delivered.add(d.partition() + "@" + d.offset())));
        List<String> missing = new ArrayList<>();
        stream.acknowledged().forEach((tp, offsets) -> offsets.keySet().forEach(offset -> {
            if (missing.size() < 20 && !delivered.contains(tp + "@" + offset)) {
                missing.add(tp + "@" + offset);
            }
        }));
        return missing;
    }

    private static List<String> backwards(Queue<Map<TopicPartition, Long>> samples) {
        List<String> backwards = new ArrayList<>();
        Map<TopicPartition, Long> highest = new HashMap<>();
        int index = 0;
        for (Map<TopicPartition, Long> sample : samples) {
            for (Map.Entry<TopicPartition, Long> e : sample.entrySet()) {
                Long before = highest.get(e.getKey());
                if (before != null && e.getValue() < before && backwards.size() < 20) {
                    backwards.add("sample " + index + ": " + e.getKey() + " " + before + " -> " + e.getValue());
                }
                highest.merge(e.getKey(), e.getValue(), Math::max);
            }
            index++;
        }
        return backwards;
    }

    private static Map<TopicPartition, Long> committedOrNull(Cluster cluster) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = cluster.admin().listConsumerGroupOffsets(GROUP,
                    new ListConsumerGroupOffsetsOptions().timeoutMs(3000))
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset != null) {
                    committed.put(tp, offset.offset());
                }
            });
            return committed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null; // no coordinator right now: the sample is skipped
        }
    }
}

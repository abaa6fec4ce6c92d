package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.PartitionView;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.Waiting;

/**
 * A replica frozen with SIGSTOP. As a follower, it falls out of the ISR while {@code acks=all} writes carry on with
 * the other two, and after SIGCONT it catches up and rejoins. As a leader holding records its followers never got
 * ({@code acks=1}), it loses the leadership while frozen and, after SIGCONT, truncates that divergent tail and
 * rejoins: its log on disk ends up offset for offset the new leader's.
 */
class FrozenReplicaIT {

    private static final String TOPIC = "frozen";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    @TributaryCluster(brokers = 3, brokerConfig = "replica.lag.time.max.ms=3000")
    void aFrozenFollowerLeavesTheIsrAndRejoinsAfterSigcont(Cluster cluster) {
        cluster.createTopic(TOPIC, 1, 3, Map.of("min.insync.replicas", "2"));
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        PartitionView initial = cluster.partition(TP).orElseThrow();
        ClusterNode follower = cluster.node(initial.replicas().stream().filter(id -> id != initial.leader())
                .findFirst().orElseThrow());

        NumberedProducer stream = NumberedProducer.start("frozen", cluster, TOPIC, 1, 2, Map.of());
        try {
            Waiting.atMost(DEADLINE, () -> "nothing acknowledged: " + stream.failures())
                    .until(() -> stream.ackedCount() > 0);
            follower.pause();
            try {
                Waiting.atMost(DEADLINE, () -> "frozen " + follower + " is still in the ISR: " + cluster.partition(TP)
                        + "\n" + cluster.logTails(30))
                        .until(() -> cluster.partition(TP).filter(p -> p.leader() >= 0
                                && !p.isr().contains(follower.id())).isPresent());
                Map<Integer, Integer> shrunk = stream.ackedPerPartition();
                Waiting.atMost(DEADLINE, () -> "acks=all stalled with " + follower + " frozen: acknowledged "
                        + stream.ackedPerPartition() + ", failures " + stream.failures())
                        .until(() -> stream.progressedSince(shrunk));
            } finally {
                follower.resume();
            }
            Waiting.atMost(DEADLINE, () -> follower + " did not rejoin the ISR after SIGCONT: " + cluster.partition(TP)
                    + "\n" + cluster.logTails(30))
                    .until(() -> cluster.partition(TP).filter(p -> p.isr().contains(follower.id())).isPresent());
        } finally {
            stream.close();
        }
        assertThat(stream.failures()).as("sends that failed for good").isEmpty();
        Map<TopicPartition, TreeMap<Long, Long>> read = NumberedLog.read(cluster, stream);
        assertThat(NumberedLog.check(stream.acknowledged(), read)).as("acknowledged %d, read %s",
                stream.ackedCount(), NumberedLog.sizes(read)).isEmpty();
    }

    /**
     * Followers frozen for a moment (well within the session and lag limits) while the leader takes {@code acks=1}
     * records: only the leader has them. The leader is frozen in turn and the followers thawed; once the leader's
     * session has expired, one of them leads and takes {@code acks=all} records at the same offsets. The old leader,
     * thawed, must drop its tail to rejoin.
     */
    @Test
    @TributaryCluster(brokers = 3, brokerConfig = "replica.lag.time.max.ms=10000")
    void aFrozenLeaderTruncatesItsDivergentTailAndRejoins(Cluster cluster) throws Exception {
        cluster.createTopic(TOPIC, 1, 3, Map.of("min.insync.replicas", "2"));
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        PartitionView initial = cluster.partition(TP).orElseThrow();
        ClusterNode oldLeader = cluster.node(initial.leader());
        List<ClusterNode> followers = initial.replicas().stream().filter(id -> id != initial.leader())
                .map(cluster::node).toList();

        try (KafkaProducer<String, String> acksAll = cluster.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            send(acksAll, "committed", 100);
        }
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);

        try (KafkaProducer<String, String> acksOne = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.LINGER_MS_CONFIG, 0))) {
            // metadata first: a frozen bootstrap broker would take the producer's first request and never answer
            assertThat(acksOne.partitionsFor(TOPIC)).as("partitions of %s", TOPIC).hasSize(1);
            followers.forEach(ClusterNode::pause);
            try {
                send(acksOne, "divergent", 100);
                oldLeader.pause();
            } finally {
                followers.forEach(ClusterNode::resume);
            }
        }
        try {
            Waiting.atMost(DEADLINE, () -> "no follower took over from frozen " + oldLeader + ": "
                    + cluster.partition(TP) + "\n" + cluster.logTails(30))
                    .until(() -> cluster.partition(TP).filter(p -> p.leader() >= 0 && p.leader() != oldLeader.id())
                            .isPresent());
            try (KafkaProducer<String, String> acksAll = cluster.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
                send(acksAll, "after", 100);
            }
        } finally {
            oldLeader.resume();
        }
        Waiting.atMost(DEADLINE, () -> oldLeader + " did not rejoin the ISR after SIGCONT: " + cluster.partition(TP)
                + "\n" + cluster.logTails(30))
                .until(() -> cluster.partition(TP).filter(p -> p.isr().contains(oldLeader.id())).isPresent());

        Map<Long, String> leaders = PartitionReader.values(cluster, TP);
        // a fetch the followers had parked at the leader before they froze may have taken the first divergent
        // records with it: those were replicated and rightly stay
        long replicated = leaders.values().stream().filter(v -> v.startsWith("divergent")).count();
        assertThat(replicated).as("divergent records that reached a follower: the rest is the tail to cut")
                .isLessThan(100);
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 100).forEach(i -> expected.add("committed-" + i));
        LongStream.range(0, replicated).forEach(i -> expected.add("divergent-" + i));
        IntStream.range(0, 100).forEach(i -> expected.add("after-" + i));
        assertThat(leaders.values()).as("the new leader's records").containsExactlyElementsOf(expected);
        oldLeader.kill9();
        assertThat(onDisk(oldLeader.dataDir(), TP)).as("%s's log on disk after it rejoined", oldLeader)
                .isEqualTo(leaders);
    }

    private static void send(KafkaProducer<String, String> producer, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(TOPIC, 0, null, prefix + "-" + i)).get(60, TimeUnit.SECONDS);
        }
    }

    /** Offset → value of every record in the partition's segment files, read as Kafka's batch format. */
    private static Map<Long, String> onDisk(Path dataDir, TopicPartition tp) throws IOException {
        Map<Long, String> records = new TreeMap<>();
        List<Path> segments;
        try (Stream<Path> files = Files.list(dataDir.resolve(tp.topic() + "-" + tp.partition()))) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        for (Path segment : segments) {
            for (RecordBatch batch : MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(segment)))
                    .batches()) {
                for (Record record : batch) {
                    records.put(record.offset(), StandardCharsets.UTF_8.decode(record.value()).toString());
                }
            }
        }
        return records;
    }
}

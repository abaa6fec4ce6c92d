package io.tributary.coordinator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetCommit;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.protocol.client.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator that lost a partition of {@code __consumer_offsets} without noticing can no longer write to it.
 * Against a real broker and ZooKeeper: coordinator A owns partition p and commits; A's claim disappears (its node
 * deleted, as when its session expires while it is paused) and coordinator B claims p. A still believes it owns p
 * (nothing tells its offsets log otherwise), yet its next commit is refused by the broker at once and reported as
 * NOT_COORDINATOR, while B's commits go through, and the group's committed offsets are B's.
 */
class OffsetsWriteFencingIT {

    /** A long commit timeout, so that an append refused retriably would hang far longer than a fenced one fails. */
    private static final OffsetsTopicSettings SETTINGS = new OffsetsTopicSettings(50, (short) 1, 104857600,
            Duration.ofSeconds(60), Duration.ofMinutes(2), "fencing-it");
    private static final String GROUP = "fenced-group";

    @TempDir
    Path logDir;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.push(closeable);
        return closeable;
    }

    /** A coordinator's ZooKeeper session and offsets log; its claims are what it believes it owns. */
    private final class Coordinator {
        final int id;
        final ClusterMetadata metadata;
        final Map<Integer, Long> believedClaims = new ConcurrentHashMap<>();
        final ConsumerOffsetsLog offsetsLog;

        Coordinator(RunningBroker broker, int id) {
            this.id = id;
            CuratorFramework client = open(ZooKeeperConnection.connect(broker.zookeeperConnect()
                    + RunningBroker.CHROOT, Duration.ofSeconds(10), Duration.ofSeconds(5)));
            metadata = open(new ClusterMetadata(client));
            metadata.start();
            metadata.registerCoordinator(new CoordinatorRegistration(id, "127.0.0.1", 9093));
            offsetsLog = open(new ConsumerOffsetsLog(metadata, SETTINGS, p -> {
                Long epoch = believedClaims.get(p);
                return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
            }));
        }

        long claim(int partition) {
            long epoch = metadata.claimOffsetsPartition(partition, id).orElseThrow();
            believedClaims.put(partition, epoch);
            return epoch;
        }

        void commit(int partition, long offset) throws Exception {
            offsetsLog.append(partition, List.of(commitRecord(offset))).get(SETTINGS.commitTimeout().toSeconds() * 2,
                    TimeUnit.SECONDS);
        }
    }

    /** Until the broker's FindCoordinator, answered from the same cache as the fence, names {@code coordinatorId}. */
    private static void awaitBrokerNames(RunningBroker broker, int coordinatorId) throws Exception {
        try (KafkaConnection connection = KafkaConnection.open("127.0.0.1", broker.port(), "fencing-test",
                Duration.ofSeconds(5), Duration.ofSeconds(5), 1 << 20)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ((FindCoordinatorResponseData) connection.send(
                    ApiKeys.FIND_COORDINATOR, new FindCoordinatorRequestData().setKeyType((byte) 0)
                            .setCoordinatorKeys(List.of(GROUP)))).coordinators().get(0).nodeId() == coordinatorId);
        }
    }

    private static OffsetCommit commitRecord(long offset) {
        return new OffsetCommit(GROUP, "orders", 0, offset, 0, "", 1000L + offset);
    }

    @Test
    void aCoordinatorThatLostItsPartitionIsFencedAndTheNewOwnersCommitsStand() throws Exception {
        RunningBroker broker = open(new RunningBroker(logDir));
        Coordinator a = new Coordinator(broker, 1000);
        Coordinator b = new Coordinator(broker, 1001);
        int partition = a.offsetsLog.partitionFor(GROUP);
        int otherOfA = (partition + 1) % SETTINGS.partitions();

        long epochOfA = a.claim(partition);
        a.claim(otherOfA);
        a.commit(partition, 10);

        // A's claim vanishes behind its back, and B takes the partition over
        try (CuratorFramework admin = ZooKeeperConnection.connect(broker.zookeeperConnect() + RunningBroker.CHROOT,
                Duration.ofSeconds(10), Duration.ofSeconds(5))) {
            admin.delete().forPath(ZkPaths.offsetsPartitionOwner(partition));
        }
        long epochOfB = b.claim(partition);
        assertThat(epochOfB).as("the new claim's epoch").isGreaterThan(epochOfA);
        // the broker decides from its own cache, which hears of the new claim a few milliseconds after B
        awaitBrokerNames(broker, b.id);

        long started = System.nanoTime();
        assertThatThrownBy(() -> a.commit(partition, 11))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NotCoordinatorException.class)
                .hasMessageContaining("fenced")
                .hasMessageContaining("Coordinator epoch " + epochOfA + " no longer owns __consumer_offsets-" + partition)
                .hasMessageContaining("coordinator 1001 at epoch " + epochOfB);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("how long the fenced commit took to fail")
                .isLessThan(SETTINGS.commitTimeout().dividedBy(4));

        b.commit(partition, 20);
        a.commit(otherOfA, 5); // A's producer still writes where A still owns the partition
        assertThatThrownBy(() -> a.commit(partition, 12)).as("A's commits stay refused")
                .cause().isInstanceOf(NotCoordinatorException.class);

        assertThat(b.offsetsLog.replay(partition)).filteredOn(r -> r.group().equals(GROUP))
                .as("the group's committed offsets after B's takeover").containsExactly(commitRecord(20));
        assertThat(committedOffsetsInTheLog(broker, partition)).as("every commit of the group in the log, in order")
                .containsExactly(10L, 20L);
    }

    @Test
    void aProducerThatIsNoCoordinatorCannotWriteToTheOffsetsTopic() throws Exception {
        RunningBroker broker = open(new RunningBroker(logDir));
        Coordinator a = new Coordinator(broker, 1000);
        int partition = a.offsetsLog.partitionFor(GROUP);
        a.claim(partition);
        a.commit(partition, 1);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrap()), new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(ConsumerOffsetsLog.TOPIC, partition,
                    new byte[] {0, 1}, new byte[] {2})).get(30, TimeUnit.SECONDS))
                    .cause().isInstanceOf(InvalidTopicException.class)
                    .hasMessageContaining("Cannot append to internal topic __consumer_offsets");
        }
        assertThat(committedOffsetsInTheLog(broker, partition)).containsExactly(1L);
    }

    /** The offsets of {@link #GROUP}'s commits, in log order, read raw from the partition. */
    private static List<Long> committedOffsetsInTheLog(RunningBroker broker, int partition) {
        OffsetsRecordCodec codec = new OffsetsRecordCodec();
        TopicPartition tp = new TopicPartition(ConsumerOffsetsLog.TOPIC, partition);
        List<Long> offsets = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.bootstrap(), "auto.offset.reset", "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    CoordinatorRecord record = codec.decode(r.key(), r.value());
                    if (record instanceof OffsetCommit commit && commit.group().equals(GROUP)) {
                        offsets.add(commit.offset());
                    }
                }
            }
        }
        return offsets;
    }
}

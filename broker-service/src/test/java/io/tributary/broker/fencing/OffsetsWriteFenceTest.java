package io.tributary.broker.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import io.tributary.metadata.MetadataUnavailableException;
import io.tributary.metadata.coordinator.CoordinatorEpochStamp;
import io.tributary.metadata.coordinator.OffsetsPartitionOwner;

/**
 * The fence's decisions over real record batches as kafka-clients builds them; the owners come from a table standing
 * in for the metadata cache and ZooKeeper (the cache lagging behind ZooKeeper is the case to show).
 */
class OffsetsWriteFenceTest {

    private static final String OFFSETS = OffsetsWriteFence.TOPIC;

    private final Map<Integer, OffsetsPartitionOwner> cache = new HashMap<>();
    private final Map<Integer, OffsetsPartitionOwner> zookeeper = new HashMap<>();
    private final AtomicInteger zookeeperReads = new AtomicInteger();
    private boolean zookeeperDown;

    private final OffsetsWriteFence fence = new OffsetsWriteFence(new OffsetsWriteFence.Owners() {
        @Override
        public Optional<OffsetsPartitionOwner> cached(int partition) {
            return Optional.ofNullable(cache.get(partition));
        }

        @Override
        public Optional<OffsetsPartitionOwner> read(int partition) {
            zookeeperReads.incrementAndGet();
            if (zookeeperDown) {
                throw new MetadataUnavailableException("ZooKeeper unavailable", null);
            }
            return Optional.ofNullable(zookeeper.get(partition));
        }
    });

    private void owner(int partition, int coordinatorId, long epoch) {
        cache.put(partition, new OffsetsPartitionOwner(coordinatorId, epoch));
        zookeeper.put(partition, new OffsetsPartitionOwner(coordinatorId, epoch));
    }

    private static SimpleRecord record(String key, Header... headers) {
        return new SimpleRecord(1L, key.getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8),
                headers);
    }

    private static Header stamp(long epoch) {
        return new RecordHeader(CoordinatorEpochStamp.HEADER, CoordinatorEpochStamp.encode(epoch));
    }

    private static MemoryRecords batch(SimpleRecord... records) {
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private Errors check(int partition, MemoryRecords records) {
        return fence.check(OFFSETS, partition, records).map(Errors::forException).orElse(Errors.NONE);
    }

    @Test
    void theCurrentOwnersStampPassesWithoutAskingZooKeeper() {
        owner(3, 1000, 500);

        assertThat(check(3, batch(record("a", stamp(500)), record("b", new RecordHeader("other", new byte[1]),
                stamp(500))))).isEqualTo(Errors.NONE);
        assertThat(zookeeperReads).hasValue(0);
    }

    @Test
    void anOlderStampIsFencedWithoutAskingZooKeeper() {
        owner(3, 1001, 900);

        Optional<ApiException> refused = fence.check(OFFSETS, 3, batch(record("a", stamp(500))));

        assertThat(refused).containsInstanceOf(TransactionCoordinatorFencedException.class);
        assertThat(refused.get().getMessage()).isEqualTo("Coordinator epoch 500 no longer owns __consumer_offsets-3: "
                + "its owner is coordinator 1001 at epoch 900");
        assertThat(Errors.forException(refused.get()).exception()).as("not retriable for the producer")
                .isNotInstanceOf(org.apache.kafka.common.errors.RetriableException.class);
        assertThat(zookeeperReads).hasValue(0);
    }

    @Test
    void aNewerStampThanTheCacheKnowsIsCheckedInZooKeeper() {
        owner(3, 1000, 500);
        zookeeper.put(3, new OffsetsPartitionOwner(1001, 900)); // claimed; the cache has not seen it yet

        assertThat(check(3, batch(record("a", stamp(900))))).isEqualTo(Errors.NONE);
        assertThat(check(3, batch(record("a", stamp(901))))).isEqualTo(Errors.TRANSACTION_COORDINATOR_FENCED);
        assertThat(zookeeperReads).hasValue(2);

        cache.clear();
        assertThat(check(3, batch(record("a", stamp(900))))).as("no owner cached yet").isEqualTo(Errors.NONE);
        zookeeper.clear();
        assertThat(check(3, batch(record("a", stamp(900))))).as("released meanwhile")
                .isEqualTo(Errors.TRANSACTION_COORDINATOR_FENCED);
    }

    @Test
    void recordsOfTwoClaimsInOneRequestAreFencedWholeEvenWithTheCurrentEpochAmongThem() {
        owner(3, 1000, 500);

        assertThat(check(3, batch(record("a", stamp(400)), record("b", stamp(500)))))
                .isEqualTo(Errors.TRANSACTION_COORDINATOR_FENCED);
        ByteBuffer twoBatches = ByteBuffer.allocate(2 * batch(record("a", stamp(500))).sizeInBytes());
        twoBatches.put(batch(record("a", stamp(500))).buffer()).put(batch(record("b", stamp(400))).buffer()).flip();
        assertThat(check(3, MemoryRecords.readableRecords(twoBatches))).isEqualTo(Errors.TRANSACTION_COORDINATOR_FENCED);
    }

    @Test
    void whenZooKeeperCannotTellTheWriteIsRefusedRetriably() {
        zookeeperDown = true;

        assertThat(fence.check(OFFSETS, 3, batch(record("a", stamp(900)))))
                .containsInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void recordsWithoutTheStampAreRefusedAsKafkaRefusesWritesToAnInternalTopic() {
        owner(3, 1000, 500);

        Optional<ApiException> refused = fence.check(OFFSETS, 3, batch(record("a")));
        assertThat(refused).containsInstanceOf(InvalidTopicException.class);
        assertThat(refused.get().getMessage()).startsWith("Cannot append to internal topic __consumer_offsets");

        assertThat(check(3, batch(record("a", stamp(500)), record("b")))).as("one unstamped record of two")
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(check(3, batch(record("a", new RecordHeader(CoordinatorEpochStamp.HEADER, new byte[4])))))
                .as("a stamp that is not 8 bytes").isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(check(3, batch(record("a", new RecordHeader(CoordinatorEpochStamp.HEADER, (byte[]) null)))))
                .as("a null stamp").isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void otherTopicsAreNotLookedAt() {
        assertThat(fence.check("orders", 3, batch(record("a")))).isEmpty();
        assertThat(fence.check("__consumer_offsets_not", 3, batch(record("a")))).isEmpty();
    }

    @Test
    void batchesThatCannotBeReadForTheirStampAreInvalidRecords() {
        owner(3, 1000, 500);
        MemoryRecords compressed = MemoryRecords.withRecords(Compression.gzip().build(), record("a", stamp(500)));
        assertThat(check(3, compressed)).isEqualTo(Errors.INVALID_RECORD);

        ByteBuffer whole = batch(record("a", stamp(500))).buffer();
        ByteBuffer truncated = whole.duplicate().limit(whole.limit() - 3).slice();
        assertThat(check(3, MemoryRecords.readableRecords(truncated))).isEqualTo(Errors.INVALID_RECORD);

        ByteBuffer overlong = copy(whole);
        overlong.putInt(8, Integer.MAX_VALUE);
        assertThat(check(3, MemoryRecords.readableRecords(overlong))).isEqualTo(Errors.INVALID_RECORD);
    }

    @Test
    void aRecordClaimingAHugeHeaderCountIsRefusedWithoutAllocatingForIt() {
        owner(3, 1000, 500);
        ByteBuffer bytes = copy(batch(record("k")).buffer());
        // the only record ends with its header count: varint 0 → varint Integer.MAX_VALUE does not fit in place,
        // so claim 63 headers (one byte, 0x7e zig-zag) where none follow
        bytes.put(bytes.limit() - 1, (byte) 0x7e);

        assertThat(check(3, MemoryRecords.readableRecords(bytes))).isEqualTo(Errors.INVALID_RECORD);
    }

    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate()).flip();
        return copy;
    }
}

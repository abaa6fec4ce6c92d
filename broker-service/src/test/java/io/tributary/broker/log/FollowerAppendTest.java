package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.idempotent;
import static io.tributary.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower's log: the leader's batches kept byte for byte, with their offsets, epochs and producer state. */
class FollowerAppendTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog leader;
    private PartitionLog follower;

    @AfterEach
    void close() {
        if (leader != null) {
            leader.close();
        }
        if (follower != null) {
            follower.close();
        }
    }

    private PartitionLog open(String broker) {
        return PartitionLog.open(tempDir.resolve(broker).resolve("orders-0"), "orders", 0, TestRecords.config(Map.of()),
                clock, LogCheckpoints.clean());
    }

    /** What a follower's fetch from {@code offset} would get: the leader's bytes, copied off its files. */
    private MemoryRecords fetchFromLeader(long offset, int maxBytes) throws Exception {
        Records read = leader.read(offset, maxBytes, leader.logEndOffset(), true).records();
        ByteBuffer copy = ByteBuffer.allocate(read.sizeInBytes());
        if (read instanceof FileRecords file) {
            file.readInto(copy, 0);
        } else {
            copy.put(((MemoryRecords) read).buffer().duplicate()).flip();
        }
        return MemoryRecords.readableRecords(copy);
    }

    private void replicateAll() throws Exception {
        while (follower.logEndOffset() < leader.logEndOffset()) {
            follower.appendAsFollower(fetchFromLeader(follower.logEndOffset(), 120));
        }
    }

    @Test
    void theFollowersLogIsByteForByteTheLeaders() throws Exception {
        leader = open("leader");
        follower = open("follower");
        leader.append(batch(T0, "a", "b"), 0);
        leader.append(idempotent(42L, (short) 0, 0, "c"), 0);
        leader.assignEpochStartOffset(3, leader.logEndOffset());
        leader.append(idempotent(42L, (short) 0, 1, "d", "e"), 3);
        leader.append(batch(T0 + 5, "f"), 3);

        replicateAll();

        assertThat(follower.logEndOffset()).isEqualTo(6);
        assertThat(Files.readAllBytes(follower.dir().resolve("00000000000000000000.log")))
                .isEqualTo(Files.readAllBytes(leader.dir().resolve("00000000000000000000.log")));
        assertThat(follower.epochEntries()).isEqualTo(leader.epochEntries());
        assertThat(follower.latestEpoch()).isEqualTo(OptionalInt.of(3));
        assertThat(follower.producerState(42L)).isPresent();
        assertThat(follower.producerState(42L).get().lastSequence()).isEqualTo(2);
        follower.updateHighWatermark(6);
        assertThat(values(follower.read(0, 1 << 20, 6, false).records())).containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void batchesStartingBelowTheLogEndAreRefused() throws Exception {
        leader = open("leader");
        follower = open("follower");
        leader.append(batch(T0, "a"), 0);
        leader.append(batch(T0, "b"), 0);
        replicateAll();

        assertThatThrownBy(() -> follower.appendAsFollower(fetchFromLeader(1, 1 << 20)))
                .isInstanceOf(UnexpectedAppendOffsetException.class)
                .hasMessageContaining("start at offset 1, below the log end offset 2");
        assertThat(follower.logEndOffset()).isEqualTo(2);
    }

    @Test
    void aCorruptBatchIsRefusedAndNothingIsWritten() throws Exception {
        leader = open("leader");
        follower = open("follower");
        leader.append(batch(T0, "a", "b"), 0);
        MemoryRecords fetched = fetchFromLeader(0, 1 << 20);
        ByteBuffer bytes = fetched.buffer();
        bytes.put(bytes.limit() - 1, (byte) (bytes.get(bytes.limit() - 1) ^ 0x5a));

        assertThatThrownBy(() -> follower.appendAsFollower(MemoryRecords.readableRecords(bytes)))
                .isInstanceOf(CorruptRecordException.class);
        assertThat(follower.logEndOffset()).isZero();
    }

    @Test
    void aFollowerBelowTheLeadersLogStartRestartsThere() throws Exception {
        follower = open("follower");
        leader = open("leader");
        follower.appendAsFollower(copyOf(batch(T0, "x", "y"), 0, 1));

        follower.truncateFullyAndStartAt(50);

        assertThat(follower.logStartOffset()).isEqualTo(50);
        assertThat(follower.logEndOffset()).isEqualTo(50);
        assertThat(follower.highWatermark()).isEqualTo(50);
        assertThat(follower.latestEpoch()).isEmpty();
        follower.appendAsFollower(copyOf(batch(T0, "z"), 50, 2));
        assertThat(follower.logEndOffset()).isEqualTo(51);
        assertThat(follower.epochEntries()).containsExactly(new EpochEntry(2, 50));
    }

    @Test
    void theLogStartFollowsTheLeadersUpToTheFollowersHighWatermark() throws Exception {
        leader = open("leader");
        follower = open("follower");
        for (int i = 0; i < 5; i++) {
            leader.append(batch(T0, "v" + i), 1);
        }
        replicateAll();
        follower.updateHighWatermark(3);

        assertThat(follower.maybeIncrementLogStartOffset(4)).isEqualTo(3);
        assertThat(follower.logStartOffset()).isEqualTo(3);
        assertThat(follower.maybeIncrementLogStartOffset(2)).isEqualTo(3);
    }

    /** A produced batch as a leader would have stored it: offsets from {@code baseOffset}, stamped with {@code epoch}. */
    private static MemoryRecords copyOf(MemoryRecords produced, long baseOffset, int epoch) {
        ByteBuffer bytes = ByteBuffer.allocate(produced.sizeInBytes()).put(produced.buffer().duplicate()).flip();
        MemoryRecords records = MemoryRecords.readableRecords(bytes);
        records.batches().forEach(b -> {
            b.setLastOffset(baseOffset + b.lastOffset() - b.baseOffset());
            b.setPartitionLeaderEpoch(epoch);
        });
        return records;
    }
}

package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure funnel on real files with injected disk faults: a full disk in the middle of an append, a failed fsync,
 * a failed index or checkpoint write. Each takes its log directory offline and only that one; nothing torn is left
 * under what comes after; the recovery point never passes a failed sync; every acknowledged record reads back after a
 * restart, and appends continue there.
 */
class LogDirFailureTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private final FaultyStorageIo io = new FaultyStorageIo();
    private Path a;
    private Path b;
    private LogManager manager;

    @BeforeEach
    void start() {
        a = tempDir.resolve("a");
        b = tempDir.resolve("b");
        manager = new LogManager(List.of(a, b), LogConfig.defaults(), CleanerConfig.DEFAULT, clock, io);
        manager.startup();
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.shutdown();
        }
    }

    /** Partition 0 lands in {@code a}, partition 1 in {@code b}: new partitions go to the least used directory. */
    private PartitionLog create(int partition, Map<String, String> overrides) {
        return manager.getOrCreate("t", partition, TestRecords.config(overrides));
    }

    private static void appendCommitted(PartitionLog log, String... values) {
        log.append(batch(T0, values), 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    private static List<String> readAll(PartitionLog log) {
        List<String> all = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.highWatermark()) {
            ReadResult read = log.read(next, 1024 * 1024, log.highWatermark(), true);
            for (RecordBatch batch : read.records().batches()) {
                next = batch.nextOffset();
            }
            all.addAll(values(read.records()));
        }
        return all;
    }

    private static long activeLogSize(PartitionLog log) throws Exception {
        return Files.size(LogFileNames.logFile(log.dir(), log.logEndOffsetMetadata().segmentBaseOffset()));
    }

    /** Stops the manager (writing nothing to offline directories) and opens the directories again, faults gone. */
    private LogManager restart() {
        manager.shutdown();
        return reopen();
    }

    private LogManager reopen() {
        manager = new LogManager(List.of(a, b), LogConfig.defaults(), clock);
        manager.startup();
        return manager;
    }

    private static PartitionLog committed(LogManager manager, int partition) {
        PartitionLog log = manager.get("t", partition).orElseThrow();
        // as the partition's sole leader does at start: its whole log is committed
        log.updateHighWatermark(log.logEndOffset());
        return log;
    }

    @Test
    void aFullDiskCutsThePartialAppendBackAndTakesOnlyItsDirectoryOffline() throws Exception {
        PartitionLog inA = create(0, Map.of());
        PartitionLog inB = create(1, Map.of());
        assertThat(inA.logDirectory().path()).isEqualTo(a);
        appendCommitted(inA, "a0", "a1");
        appendCommitted(inB, "b0");
        long sizeBefore = activeLogSize(inA);

        io.fullDisk(a, 25);
        assertThatThrownBy(() -> inA.append(batch(T0, "lost"), 0))
                .isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining(a + " is offline");

        assertThat(activeLogSize(inA)).as("no torn bytes left in the segment").isEqualTo(sizeBefore);
        assertThat(inA.logEndOffset()).isEqualTo(2);
        assertThat(inA.isOnline()).isFalse();
        assertThat(manager.logDirectories()).extracting(LogDirectory::isOnline).containsExactly(false, true);
        assertThat(manager.logDirectories().get(0).offlineReason()).hasValueSatisfying(
                reason -> assertThat(reason).contains("appending to t-0").contains("No space left on device"));

        int appendsSoFar = io.appends();
        assertThatThrownBy(() -> inA.append(batch(T0, "again"), 0))
                .isInstanceOf(KafkaStorageException.class).hasMessageContaining("is offline");
        assertThat(io.appends()).as("nothing is written to an offline directory").isEqualTo(appendsSoFar);
        assertThatThrownBy(() -> inA.read(0, 1024, 2, false)).isInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> inA.offsetForTimestamp(T0)).isInstanceOf(KafkaStorageException.class);

        appendCommitted(inB, "b1");
        assertThat(readAll(inB)).containsExactly("b0", "b1");
        assertThat(create(2, Map.of()).logDirectory().path()).as("new partitions go to online directories").isEqualTo(b);

        manager.shutdown();
        assertThat(a.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE)).as("an offline directory is recovered at the next start").doesNotExist();
        assertThat(b.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE)).exists();

        LogManager restarted = reopen();
        PartitionLog reopened = committed(restarted, 0);
        assertThat(readAll(reopened)).containsExactly("a0", "a1");
        assertThat(reopened.append(batch(T0, "a2"), 0).baseOffset()).isEqualTo(2);
        reopened.updateHighWatermark(3);
        assertThat(readAll(reopened)).containsExactly("a0", "a1", "a2");
        assertThat(readAll(committed(restarted, 1))).containsExactly("b0", "b1");
    }

    @Test
    void aFailedFsyncLeavesTheRecoveryPointWhereItWas() throws Exception {
        PartitionLog synced = create(0, Map.of(LogConfig.FLUSH_MESSAGES, "1"));
        PartitionLog other = create(1, Map.of());
        appendCommitted(synced, "x");
        assertThat(synced.recoveryPoint()).as("flush.messages=1 syncs every append").isEqualTo(1);

        io.failingSyncs(a);
        assertThatThrownBy(() -> synced.append(batch(T0, "y"), 0))
                .isInstanceOf(KafkaStorageException.class).hasMessageContaining("Input/output error");

        assertThat(synced.recoveryPoint()).isEqualTo(1);
        assertThat(synced.isOnline()).isFalse();
        manager.checkpoint();
        assertThat(a.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT)).as("nothing is written to an offline directory").doesNotExist();
        assertThat(Files.readAllLines(b.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT))).contains("t 1 0");

        assertThat(other.append(batch(T0, "still"), 0).baseOffset()).isZero();
        assertThat(restart().get("t", 0).orElseThrow().logEndOffset())
                .as("recovery re-validates past the recovery point; the batch whose sync failed is whole, and was not "
                        + "acknowledged: it may stay, as with Kafka (at least once)")
                .isEqualTo(2);
    }

    @Test
    void aRollWhoseSyncFailsKeepsTheRecoveryPointBelowTheOldSegment() {
        PartitionLog log = create(0, Map.of());
        appendCommitted(log, "one", "two");
        io.failingSyncs(a);

        assertThatThrownBy(log::roll).isInstanceOf(KafkaStorageException.class);

        assertThat(log.recoveryPoint()).isZero();
        assertThat(log.isOnline()).isFalse();
    }

    @Test
    void aFailedIndexWriteCutsTheAppendBack() throws Exception {
        PartitionLog log = create(0, Map.of(LogConfig.INDEX_INTERVAL_BYTES, "1"));
        appendCommitted(log, "first");
        long sizeBefore = activeLogSize(log);

        io.failingChannelWrites(a);
        assertThatThrownBy(() -> log.append(batch(T0, "second"), 0))
                .isInstanceOf(KafkaStorageException.class).hasMessageContaining("writing index");

        assertThat(activeLogSize(log)).as("the batch written before the index failed is cut back").isEqualTo(sizeBefore);
        assertThat(log.isOnline()).isFalse();
        PartitionLog reopened = committed(restart(), 0);
        assertThat(readAll(reopened)).containsExactly("first");
        assertThat(reopened.append(batch(T0, "next"), 0).baseOffset()).isEqualTo(1);
    }

    @Test
    void aCheckpointThatCannotBeWrittenTakesItsDirectoryOffline() throws Exception {
        PartitionLog inA = create(0, Map.of());
        PartitionLog inB = create(1, Map.of());
        appendCommitted(inA, "a");
        appendCommitted(inB, "b");

        io.failingChannelWrites(a);
        manager.checkpoint();

        assertThat(inA.isOnline()).isFalse();
        assertThat(inB.isOnline()).isTrue();
        assertThat(Files.readAllLines(b.resolve(LogFileNames.HIGH_WATERMARK_CHECKPOINT))).contains("t 1 1");
        assertThatThrownBy(() -> inA.append(batch(T0, "late"), 0)).isInstanceOf(KafkaStorageException.class);
    }

    @Test
    void theLastOnlineDirectoryGoingOfflineLeavesNoPlaceForNewPartitions() {
        create(0, Map.of()).append(batch(T0, "a"), 0);
        create(1, Map.of()).append(batch(T0, "b"), 0);
        io.fullDisk(tempDir, 0);
        assertThatThrownBy(() -> manager.get("t", 0).orElseThrow().append(batch(T0, "x"), 0)).isInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> manager.get("t", 1).orElseThrow().append(batch(T0, "y"), 0)).isInstanceOf(KafkaStorageException.class);

        assertThatThrownBy(() -> create(2, Map.of()))
                .isInstanceOf(KafkaStorageException.class).hasMessageContaining("every log directory is offline");
    }
}

package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads without the partition's lock: a read proceeds while an append holds it, a roll syncs after releasing it, and
 * reads racing with rolls, retention and the cleaner's swaps always find the record each offset holds. Waits are
 * deadlines on futures, never sleeps.
 */
class LockFreeReadTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private final FaultyStorageIo io = new FaultyStorageIo();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private PartitionLog log;

    @AfterEach
    void close() {
        threads.shutdownNow();
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open(Map<String, String> overrides) {
        log = PartitionLog.open(new LogDirectory(tempDir, io), "t", 0, TestRecords.config(overrides), clock, LogCheckpoints.clean());
        return log;
    }

    /** One record whose value names its offset, so a reader can tell it got the record the offset holds. */
    private void appendNumbered(String key) {
        long offset = log.logEndOffset();
        log.append(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(T0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), ("v" + offset).getBytes(StandardCharsets.UTF_8))), 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    @Test
    void aReadProceedsWhileAnAppendHoldsTheLock() throws Exception {
        open(Map.of());
        log.append(batch(T0, "before"), 0);
        log.updateHighWatermark(1);

        FaultyStorageIo.Hold hold = io.holdNextAppend();
        CompletableFuture<AppendResult> append = CompletableFuture.supplyAsync(() -> log.append(batch(T0, "held"), 0), threads);
        hold.awaitEntered();

        ReadResult read = CompletableFuture.supplyAsync(() -> log.read(0, 1024, 2, false), threads).get(10, TimeUnit.SECONDS);
        assertThat(values(read.records())).as("the read ends at the log end it saw").containsExactly("before");
        assertThat(read.logEndOffset()).isEqualTo(1);

        hold.release();
        assertThat(append.get(10, TimeUnit.SECONDS).baseOffset()).isEqualTo(1);
    }

    @Test
    void aRollSyncsTheOldSegmentAfterReleasingTheLockAndOnlyThenMovesTheRecoveryPoint() throws Exception {
        open(Map.of());
        log.append(batch(T0, "old"), 0);

        FaultyStorageIo.Hold hold = io.holdNextSync();
        CompletableFuture<Void> roll = CompletableFuture.runAsync(log::roll, threads);
        hold.awaitEntered();

        AppendResult during = CompletableFuture.supplyAsync(() -> log.append(batch(T0, "new"), 0), threads).get(10, TimeUnit.SECONDS);
        assertThat(during.baseOffset()).as("appends go on while the old segment syncs").isEqualTo(1);
        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(log.recoveryPoint()).as("not before the sync succeeded").isZero();

        hold.release();
        roll.get(10, TimeUnit.SECONDS);
        assertThat(log.recoveryPoint()).isEqualTo(1);
    }

    @Test
    void aSegmentDeletedWhileItsRollSyncsItIsNoDiskFailure() throws Exception {
        open(Map.of(LogConfig.RETENTION_BYTES, "1"));
        appendNumbered(null);
        appendNumbered(null);

        FaultyStorageIo.Hold hold = io.holdNextSync();
        CompletableFuture<Void> roll = CompletableFuture.runAsync(log::roll, threads);
        hold.awaitEntered();
        appendNumbered(null);
        assertThat(log.deleteRetentionSizeBreachedSegments()).as("the segment being synced").isEqualTo(1);
        hold.release();

        roll.get(10, TimeUnit.SECONDS);
        assertThat(log.isOnline()).isTrue();
        assertThat(log.recoveryPoint()).isEqualTo(2);
    }

    @Test
    void aLogClosedWhileItSyncsIsNoDiskFailure() throws Exception {
        open(Map.of(LogConfig.FLUSH_MESSAGES, "1"));
        FaultyStorageIo.Hold hold = io.holdNextSync();
        CompletableFuture<AppendResult> append = CompletableFuture.supplyAsync(() -> log.append(batch(T0, "x"), 0), threads);
        hold.awaitEntered();
        log.delete();
        hold.release();

        assertThat(append).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(KafkaStorageException.class).withMessageContaining("closed while it was being flushed");
        assertThat(log.isOnline()).as("the directory is fine").isTrue();
        log = null;
    }

    @Test
    void aSliceOfARemovedSegmentStaysReadableForTheGracePeriod() {
        open(Map.of(LogConfig.SEGMENT_BYTES, "200", LogConfig.RETENTION_BYTES, "1"));
        for (int i = 0; i < 4; i++) {
            appendNumbered(null);
        }
        Records slice = log.read(0, 1024, log.highWatermark(), true).records();

        assertThat(log.deleteRetentionSizeBreachedSegments()).isPositive();
        assertThat(log.logStartOffset()).isPositive();
        assertThat(values(slice)).as("removed, but its channel is still open").startsWith("v0");

        clock.advance(RetiredSegments.GRACE_MS);
        log.flushIfDue(clock.millis());
        assertThatThrownBy(() -> values(slice)).as("released after the grace period")
                .hasRootCauseInstanceOf(ClosedChannelException.class);
    }

    @Test
    void readsRacingWithRollsAndRetentionAlwaysGetTheRecordOfTheirOffset() throws Exception {
        open(Map.of(LogConfig.SEGMENT_BYTES, "800", LogConfig.RETENTION_BYTES, "4000"));
        raceReadersWith(1_000, false, i -> {
            appendNumbered(null);
            if (i % 10 == 0) {
                log.deleteRetentionSizeBreachedSegments();
            }
        });
        assertThat(log.logStartOffset()).as("retention ran").isPositive();
    }

    @Test
    void readsRacingWithTheCleanersSwapsAlwaysGetTheRecordOfTheirOffset() throws Exception {
        open(Map.of(LogConfig.SEGMENT_BYTES, "800", LogConfig.CLEANUP_POLICY, LogConfig.CLEANUP_COMPACT));
        LogCleaner cleaner = new LogCleaner(() -> List.of(log));
        AtomicLong cleaned = new AtomicLong();
        raceReadersWith(500, true, i -> {
            appendNumbered("key-" + i % 7);
            if (i % 50 == 0) {
                cleaner.clean(log, clock.millis()).ifPresent(result -> cleaned.incrementAndGet());
            }
        });
        assertThat(cleaned).as("the cleaner swapped segments").hasPositiveValue();
    }

    private interface Step {
        void run(int i);
    }

    /**
     * Runs {@code writerStep} {@code steps} times while two readers follow the log from its start, each checking that every
     * record it gets is the one its offset holds, in order, and that no offset it asked for was skipped unless
     * retention moved the log start past it or, when {@code compacted}, the cleaner removed it.
     */
    private void raceReadersWith(int steps, boolean compacted, Step writerStep) throws Exception {
        appendNumbered("key-first");
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Long>> readers = List.of(
                CompletableFuture.supplyAsync(() -> follow(compacted, writing, problems), threads),
                CompletableFuture.supplyAsync(() -> follow(compacted, writing, problems), threads));
        try {
            for (int i = 1; i <= steps; i++) {
                writerStep.run(i);
            }
        } finally {
            writing.set(false);
        }
        for (CompletableFuture<Long> reader : readers) {
            assertThat(reader.get(60, TimeUnit.SECONDS)).as("each reader got to the end").isEqualTo(log.logEndOffset());
        }
        assertThat(problems).isEmpty();
    }

    private long follow(boolean compacted, AtomicBoolean writing, ConcurrentLinkedQueue<String> problems) {
        long next = 0;
        while (problems.isEmpty() && (writing.get() || next < log.highWatermark())) {
            ReadResult read;
            try {
                read = log.read(next, 300, log.highWatermark(), true);
            } catch (OffsetOutOfRangeException e) {
                next = log.logStartOffset();
                continue;
            } catch (RuntimeException e) {
                problems.add("read at " + next + " failed: " + e);
                break;
            }
            boolean first = true;
            for (RecordBatch batch : read.records().batches()) {
                if (first && batch.lastOffset() < next) {
                    problems.add("asked for " + next + ", got a batch ending at " + batch.lastOffset());
                }
                first = false;
                for (Record record : batch) {
                    String value = StandardCharsets.UTF_8.decode(record.value()).toString();
                    if (record.offset() < next || !value.equals("v" + record.offset())) {
                        problems.add("at offset " + record.offset() + " (reading from " + next + "): " + value);
                    }
                    if (record.offset() > next && !compacted && next >= log.logStartOffset()) {
                        problems.add("asked for " + next + ", skipped to " + record.offset());
                    }
                    next = record.offset() + 1;
                }
                next = Math.max(next, batch.nextOffset());
            }
        }
        return next;
    }
}

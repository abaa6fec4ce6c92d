package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash is simulated by opening a second log on the directory without closing the first: its indexes are
 * still preallocated and nothing was trimmed, as after a kill -9.
 */
class LogRecoveryTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<PartitionLog> abandoned = new ArrayList<>();
    private PartitionLog log;

    private Path dir() {
        return tempDir.resolve("t-0");
    }

    private LogConfig config() {
        return TestRecords.config(Map.of(LogConfig.SEGMENT_BYTES, "400", LogConfig.INDEX_INTERVAL_BYTES, "1"));
    }

    private PartitionLog open(LogCheckpoints checkpoints) {
        log = PartitionLog.open(dir(), "t", 0, config(), clock, checkpoints);
        return log;
    }

    private PartitionLog crashAndReopen(long recoveryPoint) {
        abandoned.add(log);
        return open(LogCheckpoints.unclean(recoveryPoint));
    }

    @AfterEach
    void closeLogs() {
        log.close();
    }

    /** Appends 10 batches of 2 records, offsets 0..19 and values v0..v19: segments of 2 batches at 0, 4, 8, 12, 16. */
    private void appendTwentyRecords() {
        for (int i = 0; i < 10; i++) {
            log.append(batch(T0 + i * 10L, "v" + 2 * i + "-" + "x".repeat(80), "v" + (2 * i + 1)), 3);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    private List<String> readAll() {
        List<String> all = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            ReadResult read = log.read(next, 1 << 20, log.logEndOffset(), false);
            for (var b : read.records().batches()) {
                next = b.nextOffset();
            }
            values(read.records()).forEach(v -> all.add(v.split("-")[0]));
        }
        return all;
    }

    private static List<Integer> batchPositions(Path logFile) throws Exception {
        List<Integer> positions = new ArrayList<>();
        try (FileRecords records = FileRecords.open(logFile.toFile())) {
            for (FileChannelRecordBatch b : records.batches()) {
                positions.add(b.position());
            }
        }
        return positions;
    }

    private static void flipByte(Path file, long position) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0xFF);
        }
    }

    @Test
    void garbageAfterTheLastBatchIsCutOffAndNothingValidIsLost() throws Exception {
        open(LogCheckpoints.clean());
        appendTwentyRecords();
        Path active = LogFileNames.logFile(dir(), 16);
        long validSize = Files.size(active);
        Files.write(active, "garbage that is not a record batch at all".getBytes(), StandardOpenOption.APPEND);

        crashAndReopen(16);

        assertThat(Files.size(active)).isEqualTo(validSize);
        assertThat(log.logEndOffset()).isEqualTo(20);
        assertThat(readAll()).hasSize(20).startsWith("v0", "v1").endsWith("v19");
        assertThat(log.append(batch(T0, "after"), 3).baseOffset()).isEqualTo(20);
    }

    @Test
    void aTruncatedFinalBatchIsRemoved() throws Exception {
        open(LogCheckpoints.clean());
        appendTwentyRecords();
        Path active = LogFileNames.logFile(dir(), 16);
        try (var channel = Files.newByteChannel(active, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(active) - 7);
        }

        crashAndReopen(0);

        assertThat(log.logEndOffset()).isEqualTo(18);
        assertThat(readAll()).hasSize(18).endsWith("v17");
        assertThat(log.recoveryPoint()).as("the recovered log is flushed").isEqualTo(18);
    }

    @Test
    void aCorruptBatchInTheMiddleTruncatesFromThereAndDropsLaterSegments() throws Exception {
        open(LogCheckpoints.clean());
        appendTwentyRecords();
        Path segment = LogFileNames.logFile(dir(), 8);
        int secondBatch = batchPositions(segment).get(1);
        flipByte(segment, secondBatch + 70);

        crashAndReopen(4);

        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.numberOfSegments()).isEqualTo(3);
        assertThat(LogFileNames.logFile(dir(), 12)).doesNotExist();
        assertThat(LogFileNames.offsetIndexFile(dir(), 12)).doesNotExist();
        assertThat(readAll()).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void indexesAreRebuiltAndLookupsStayRight() throws Exception {
        open(LogCheckpoints.clean());
        appendTwentyRecords();
        Files.write(LogFileNames.offsetIndexFile(dir(), 12), new byte[64]);
        Files.delete(LogFileNames.timeIndexFile(dir(), 8));

        crashAndReopen(16);

        for (long offset = 0; offset < 20; offset++) {
            ReadResult read = log.read(offset, 1, 20, true);
            assertThat(TestRecords.batchBaseOffsets(read.records())).containsExactly(offset - offset % 2);
        }
        assertThat(log.offsetForTimestamp(T0 + 45)).contains(new TimestampOffset(10, T0 + 50, 3));
        assertThat(log.offsetForTimestamp(T0 + 85)).contains(new TimestampOffset(18, T0 + 90, 3));
        assertThat(log.maxTimestampAndOffset()).contains(new TimestampOffset(18, T0 + 90, 3));
    }

    @Test
    void afterACleanShutdownNothingIsRevalidatedAndAllDataIsThere() throws Exception {
        open(LogCheckpoints.clean());
        appendTwentyRecords();
        log.close();
        Path first = LogFileNames.logFile(dir(), 0);
        flipByte(first, batchPositions(first).get(1) + 70);

        open(LogCheckpoints.clean());

        assertThat(log.logEndOffset()).as("a clean log is trusted, so the flipped byte goes unnoticed").isEqualTo(20);
        assertThat(log.numberOfSegments()).isEqualTo(5);
        assertThat(log.offsetForTimestamp(T0 + 61)).contains(new TimestampOffset(14, T0 + 70, 3));
    }

    @Test
    void segmentsBelowTheRecoveryPointAreNotRevalidated() throws Exception {
        open(LogCheckpoints.clean());
        appendTwentyRecords();
        Path first = LogFileNames.logFile(dir(), 0);
        flipByte(first, batchPositions(first).get(1) + 70);

        crashAndReopen(16);

        assertThat(log.logEndOffset()).isEqualTo(20);
    }
}

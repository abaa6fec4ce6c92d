package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.filler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollAndRetentionTest {

    private static final long HOUR = 60 * 60 * 1000L;

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    @AfterEach
    void closeLog() {
        log.close();
    }

    private void open(Map<String, String> overrides) {
        log = PartitionLog.open(tempDir.resolve("t-0"), "t", 0, TestRecords.config(overrides), clock, LogCheckpoints.clean());
    }

    /** Each batch is about 160 bytes; a 400-byte segment holds two of them. */
    private void appendBatches(int count, long timestamp) {
        for (int i = 0; i < count; i++) {
            log.append(batch(timestamp, filler(90, (char) ('a' + i % 26))), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    private long logFiles() throws Exception {
        try (Stream<Path> files = Files.list(tempDir.resolve("t-0"))) {
            return files.filter(f -> f.toString().endsWith(".log")).count();
        }
    }

    @Test
    void rollsBySizeWithBaseOffsetNamesAndSnapshots() throws Exception {
        open(Map.of(LogConfig.SEGMENT_BYTES, "400"));
        appendBatches(6, T0);

        assertThat(log.numberOfSegments()).isEqualTo(3);
        assertThat(logFiles()).isEqualTo(3);
        assertThat(tempDir.resolve("t-0/00000000000000000002.log")).exists();
        assertThat(tempDir.resolve("t-0/00000000000000000004.log")).exists();
        assertThat(tempDir.resolve("t-0/00000000000000000004.snapshot")).exists();
        assertThat(log.recoveryPoint()).as("a roll flushes up to the new segment").isEqualTo(4);
        assertThat(Files.size(tempDir.resolve("t-0/00000000000000000000.index")))
                .as("a rolled segment's index is trimmed").isLessThan(LogConfig.defaults().segmentIndexBytes());
    }

    @Test
    void rollsBySegmentMsCountedFromTheFirstBatchTimestamp() {
        open(Map.of(LogConfig.SEGMENT_MS, String.valueOf(HOUR)));
        appendBatches(1, T0);
        clock.advance(HOUR / 2);
        appendBatches(1, clock.millis());
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.maybeRoll(clock.millis())).isFalse();

        clock.advance(HOUR);
        assertThat(log.maybeRoll(clock.millis())).isTrue();
        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(log.maybeRoll(clock.millis())).as("an empty active segment does not roll").isFalse();

        appendBatches(1, clock.millis());
        clock.advance(HOUR + 1);
        appendBatches(1, clock.millis());
        assertThat(log.numberOfSegments()).as("the append itself rolls an old segment").isEqualTo(3);
    }

    @Test
    void retentionByTimeDeletesWholeClosedSegmentsAndMovesTheLogStart() {
        open(Map.of(LogConfig.SEGMENT_BYTES, "400", LogConfig.RETENTION_MS, String.valueOf(HOUR)));
        appendBatches(4, T0);
        appendBatches(4, T0 + 2 * HOUR);
        assertThat(log.numberOfSegments()).isEqualTo(4);

        clock.advance(2 * HOUR + 1);
        assertThat(log.deleteRetentionMsBreachedSegments(clock.millis())).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(tempDir.resolve("t-0/00000000000000000000.log")).doesNotExist();
        assertThat(tempDir.resolve("t-0/00000000000000000000.index")).doesNotExist();
        assertThatThrownBy(() -> log.read(3, 1024, log.highWatermark(), false)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.read(4, 1024, log.highWatermark(), false).records().sizeInBytes()).isPositive();

        clock.advance(100 * HOUR);
        assertThat(log.deleteRetentionMsBreachedSegments(clock.millis())).isEqualTo(1);
        assertThat(log.numberOfSegments()).as("the active segment is never deleted").isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(8);
    }

    @Test
    void retentionNeverDeletesPastTheHighWatermark() {
        open(Map.of(LogConfig.SEGMENT_BYTES, "400", LogConfig.RETENTION_MS, "1"));
        for (int i = 0; i < 6; i++) {
            log.append(batch(T0, filler(90, 'x')), 0);
        }
        log.updateHighWatermark(2);
        clock.advance(HOUR);
        assertThat(log.deleteRetentionMsBreachedSegments(clock.millis())).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(2);
    }

    @Test
    void retentionBySizeKeepsAtLeastRetentionBytes() {
        open(Map.of(LogConfig.SEGMENT_BYTES, "400", LogConfig.RETENTION_BYTES, "700"));
        appendBatches(9, T0);
        long segmentSize = log.size() / 9 * 2;
        assertThat(log.numberOfSegments()).isEqualTo(5);

        int deleted = log.deleteRetentionSizeBreachedSegments();

        assertThat(deleted).isEqualTo(2);
        assertThat(log.size()).isGreaterThanOrEqualTo(700).isLessThan(700 + segmentSize);
        assertThat(log.logStartOffset()).isEqualTo(4);
    }

    @Test
    void logManagerRetentionRollsOldActiveSegmentsThenDeletesThem() {
        LogManager manager = new LogManager(java.util.List.of(tempDir.resolve("data")), LogConfig.defaults(), clock);
        manager.startup();
        PartitionLog managed = manager.getOrCreate("events", 0,
                TestRecords.config(Map.of(LogConfig.SEGMENT_MS, String.valueOf(HOUR), LogConfig.RETENTION_MS, String.valueOf(2 * HOUR))));
        managed.append(batch(T0, "old"), 0);
        managed.updateHighWatermark(1);

        clock.advance(HOUR + 1);
        assertThat(manager.checkRetention(clock.millis())).isZero();
        assertThat(managed.numberOfSegments()).as("rolled by segment.ms").isEqualTo(2);

        clock.advance(2 * HOUR);
        assertThat(manager.checkRetention(clock.millis())).isEqualTo(1);
        assertThat(managed.logStartOffset()).isEqualTo(1);
        assertThat(managed.numberOfSegments()).isEqualTo(1);
        manager.shutdown();
        log = managed;
    }
}

package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimestampLookupTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    /** Batch i holds offsets 2i and 2i+1 stamped T0 + 100i and T0 + 100i + 50; small segments, an index entry per batch. */
    @BeforeEach
    void fill() {
        log = PartitionLog.open(tempDir.resolve("clicks-3"), "clicks", 3,
                TestRecords.config(Map.of(LogConfig.SEGMENT_BYTES, "500", LogConfig.INDEX_INTERVAL_BYTES, "1")),
                clock, LogCheckpoints.clean());
        for (int i = 0; i < 20; i++) {
            long ts = T0 + 100L * i;
            log.append(MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(ts, ("a" + i).getBytes()), new SimpleRecord(ts + 50, ("b" + i).getBytes())), 4);
        }
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.numberOfSegments()).isGreaterThan(3);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void findsTheFirstOffsetWhoseTimestampIsAtLeastTheTarget() {
        assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(0, T0, 4));
        assertThat(log.offsetForTimestamp(T0)).contains(new TimestampOffset(0, T0, 4));
        assertThat(log.offsetForTimestamp(T0 + 1)).contains(new TimestampOffset(1, T0 + 50, 4));
        assertThat(log.offsetForTimestamp(T0 + 51)).contains(new TimestampOffset(2, T0 + 100, 4));
        assertThat(log.offsetForTimestamp(T0 + 1_234)).contains(new TimestampOffset(25, T0 + 1_250, 4));
        assertThat(log.offsetForTimestamp(T0 + 1_950)).contains(new TimestampOffset(39, T0 + 1_950, 4));
        assertThat(log.offsetForTimestamp(T0 + 1_951)).isEmpty();
    }

    @Test
    void lookupsStayRightAfterReopening() {
        log.close();
        log = PartitionLog.open(tempDir.resolve("clicks-3"), "clicks", 3, log.config(), clock, LogCheckpoints.clean());
        assertThat(log.offsetForTimestamp(T0 + 777)).contains(new TimestampOffset(16, T0 + 800, 4));
        assertThat(log.maxTimestampAndOffset()).contains(new TimestampOffset(39, T0 + 1_950, 4));
    }

    @Test
    void maxTimestampIsTheFirstRecordCarryingIt() {
        log.append(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(T0 + 9_000, "late".getBytes()), new SimpleRecord(T0 + 10, "old".getBytes()),
                new SimpleRecord(T0 + 9_000, "tie".getBytes())), 4);
        log.append(batch(T0 + 5, "older"), 4);

        assertThat(log.maxTimestampAndOffset()).contains(new TimestampOffset(40, T0 + 9_000, 4));
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.offsetForTimestamp(T0 + 8_000)).contains(new TimestampOffset(40, T0 + 9_000, 4));
    }

    @Test
    void everySegmentReadsFromTheBatchHoldingTheOffset() {
        for (long offset = 0; offset < log.logEndOffset(); offset++) {
            ReadResult read = log.read(offset, 1, log.highWatermark(), true);
            long expectedBase = offset - offset % 2;
            assertThat(TestRecords.batchBaseOffsets(read.records())).containsExactly(expectedBase);
        }
    }
}

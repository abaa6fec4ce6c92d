package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.batchBaseOffsets;
import static io.tributary.broker.log.TestRecords.filler;
import static io.tributary.broker.log.TestRecords.offsets;
import static io.tributary.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogReadWriteTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open(Map<String, String> overrides) {
        log = PartitionLog.open(tempDir.resolve("orders-0"), "orders", 0, TestRecords.config(overrides), clock, LogCheckpoints.clean());
        return log;
    }

    @Test
    void assignsOffsetsAndReadsBackAcrossSegments() throws Exception {
        open(Map.of(LogConfig.SEGMENT_BYTES, "300"));
        for (int i = 0; i < 10; i++) {
            AppendResult result = log.append(batch(T0 + i, "a" + i, "b" + i, "c" + i), 7);
            assertThat(result.baseOffset()).isEqualTo(3L * i);
            assertThat(result.lastOffset()).isEqualTo(3L * i + 2);
            assertThat(result.recordCount()).isEqualTo(3);
            assertThat(result.duplicate()).isFalse();
            assertThat(result.logAppendTimeMs()).isEqualTo(-1);
        }
        log.updateHighWatermark(log.logEndOffset());

        assertThat(log.logEndOffset()).isEqualTo(30);
        assertThat(log.numberOfSegments()).isGreaterThan(2);
        try (Stream<Path> files = Files.list(tempDir.resolve("orders-0"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(
                    "00000000000000000000.log", "00000000000000000000.index", "00000000000000000000.timeindex");
        }

        StringBuilder all = new StringBuilder();
        long next = 0;
        while (next < log.logEndOffset()) {
            ReadResult read = log.read(next, 1024 * 1024, log.highWatermark(), false);
            assertThat(read.records().sizeInBytes()).isPositive();
            for (RecordBatch b : read.records().batches()) {
                assertThat(b.partitionLeaderEpoch()).isEqualTo(7);
                next = b.nextOffset();
            }
            values(read.records()).forEach(all::append);
        }
        assertThat(all.toString()).startsWith("a0b0c0a1b1c1").endsWith("a9b9c9");
    }

    @Test
    void readFromTheMiddleOfABatchReturnsTheWholeBatch() {
        open(Map.of());
        log.append(batch(T0, "x", "y", "z"), 0);
        log.append(batch(T0, "p", "q"), 0);
        log.updateHighWatermark(5);

        ReadResult read = log.read(4, 1024, 5, false);
        assertThat(batchBaseOffsets(read.records())).containsExactly(3L);
        assertThat(offsets(read.records())).containsExactly(3L, 4L);

        ReadResult fromOne = log.read(1, 1024, 5, false);
        assertThat(batchBaseOffsets(fromOne.records())).containsExactly(0L, 3L);
    }

    @Test
    void highWatermarkLimitsReadsAtBatchBoundaries() {
        open(Map.of());
        log.append(batch(T0, "a", "b"), 0);
        log.append(batch(T0, "c", "d"), 0);
        log.append(batch(T0, "e"), 0);

        assertThat(log.read(0, 1024, log.highWatermark(), false).records().sizeInBytes()).isZero();

        log.updateHighWatermark(4);
        ReadResult read = log.read(0, 1024, log.highWatermark(), false);
        assertThat(offsets(read.records())).containsExactly(0L, 1L, 2L, 3L);
        assertThat(read.highWatermark()).isEqualTo(4);
        assertThat(read.logEndOffset()).isEqualTo(5);

        ReadResult mid = log.read(0, 1024, 3, false);
        assertThat(offsets(mid.records())).as("the batch holding offset 3 is withheld").containsExactly(0L, 1L);

        ReadResult atHw = log.read(4, 1024, 4, false);
        assertThat(atHw.records().sizeInBytes()).isZero();
    }

    @Test
    void highWatermarkNeverMovesBackNorPassesTheLogEnd() {
        open(Map.of());
        log.append(batch(T0, "a", "b"), 0);
        assertThat(log.updateHighWatermark(10)).isEqualTo(2);
        assertThat(log.updateHighWatermark(1)).isEqualTo(2);
    }

    @Test
    void minOneMessageReturnsAFirstBatchLargerThanMaxBytes() {
        open(Map.of());
        log.append(batch(T0, filler(500, 'x')), 0);
        log.append(batch(T0, "small"), 0);
        log.updateHighWatermark(2);

        ReadResult partial = log.read(0, 10, 2, false);
        assertThat(partial.records().sizeInBytes()).as("a partial batch, as Kafka sends").isEqualTo(10);
        assertThat(offsets(partial.records())).isEmpty();
        ReadResult read = log.read(0, 10, 2, true);
        assertThat(offsets(read.records())).containsExactly(0L);
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRange() {
        open(Map.of());
        log.append(batch(T0, "a", "b"), 0);
        log.updateHighWatermark(2);

        assertThat(log.read(2, 1024, 2, false).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(3, 1024, 2, false))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("Fetch offset 3").hasMessageContaining("log end offset 2");
        assertThatThrownBy(() -> log.read(-1, 1024, 2, false)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void logAppendTimeTopicsStampTheBrokerTime() {
        open(Map.of(LogConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));
        clock.advance(5_000);
        AppendResult result = log.append(batch(T0, "a"), 0);
        assertThat(result.logAppendTimeMs()).isEqualTo(T0 + 5_000);
        log.updateHighWatermark(1);
        RecordBatch stored = log.read(0, 1024, 1, false).records().batches().iterator().next();
        assertThat(stored.maxTimestamp()).isEqualTo(T0 + 5_000);
        stored.ensureValid();
    }

    @Test
    void truncateToRemovesTheTailAndAppendsContinueFromThere() {
        open(Map.of(LogConfig.SEGMENT_BYTES, "200"));
        for (int i = 0; i < 6; i++) {
            log.append(batch(T0, "v" + i, "w" + i), 0);
        }
        log.updateHighWatermark(12);
        int segmentsBefore = log.numberOfSegments();

        log.truncateTo(5);

        assertThat(log.logEndOffset()).as("the batch holding offset 5 goes too").isEqualTo(4);
        assertThat(log.highWatermark()).isEqualTo(4);
        assertThat(log.numberOfSegments()).isLessThan(segmentsBefore);
        assertThat(log.append(batch(T0, "new"), 1).baseOffset()).isEqualTo(4);
        log.updateHighWatermark(5);
        assertThat(values(log.read(4, 1024, 5, false).records())).containsExactly("new");
    }

    @Test
    void closedLogRefusesWork() {
        open(Map.of());
        log.close();
        assertThatThrownBy(() -> log.append(batch(T0, "a"), 0)).isInstanceOf(KafkaStorageException.class);
        log = null;
    }

    @Test
    void deleteRemovesTheDirectory() {
        open(Map.of());
        log.append(batch(T0, "a"), 0);
        log.delete();
        assertThat(tempDir.resolve("orders-0")).doesNotExist();
        try (Stream<Path> files = Files.list(tempDir)) {
            assertThat(files).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        log = null;
    }
}

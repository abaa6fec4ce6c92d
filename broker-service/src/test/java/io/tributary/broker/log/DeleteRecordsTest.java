package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.filler;
import static io.tributary.broker.log.TestRecords.offsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeleteRecords on a log: the log start offset moves up, reads below it fail, whole segments below it go. */
class DeleteRecordsTest {

    @TempDir
    Path tempDir;

    private PartitionLog log;

    /** Six one-record batches of about 160 bytes in 400-byte segments: segments start at 0, 2 and 4. */
    @BeforeEach
    void open() {
        log = PartitionLog.open(tempDir.resolve("t-0"), "t", 0, TestRecords.config(Map.of(LogConfig.SEGMENT_BYTES, "400")),
                new MutableClock(T0), LogCheckpoints.clean());
        for (int i = 0; i < 6; i++) {
            log.append(batch(T0, filler(90, (char) ('a' + i))), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void recordsBelowTheOffsetAreNoLongerServedAndTheirWholeSegmentsAreDeleted() {
        assertThat(log.numberOfSegments()).isEqualTo(3);

        assertThat(log.deleteRecordsBefore(3)).isEqualTo(3);

        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.numberOfSegments()).as("the segment of offsets 0-1 is gone, 2-3 holds offset 3").isEqualTo(2);
        assertThatThrownBy(() -> log.read(2, 64 * 1024, log.highWatermark(), true))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(offsets(log.read(3, 64 * 1024, log.highWatermark(), true).records())).contains(3L);
        assertThat(offsets(log.read(4, 64 * 1024, log.highWatermark(), true).records())).contains(4L, 5L);
    }

    @Test
    void anOffsetAtOrBelowTheLogStartChangesNothing() {
        log.deleteRecordsBefore(4);

        assertThat(log.deleteRecordsBefore(1)).isEqualTo(4);
        assertThat(log.deleteRecordsBefore(4)).isEqualTo(4);
        assertThat(log.logStartOffset()).isEqualTo(4);
    }

    @Test
    void theWholeLogUpToTheHighWatermarkCanGo() {
        assertThat(log.deleteRecordsBefore(6)).isEqualTo(6);

        assertThat(log.logStartOffset()).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.read(6, 64 * 1024, log.highWatermark(), true).records().sizeInBytes()).isZero();
        log.append(batch(T0, "after"), 0);
        assertThat(log.logEndOffset()).isEqualTo(7);
    }

    @Test
    void anOffsetAboveTheHighWatermarkOrNegativeIsOutOfRange() {
        log.append(batch(T0, "not yet committed"), 0);

        assertThatThrownBy(() -> log.deleteRecordsBefore(7)).isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("larger than the high watermark 6");
        assertThatThrownBy(() -> log.deleteRecordsBefore(-2)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.logStartOffset()).isZero();
    }
}

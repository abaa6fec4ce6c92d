package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.filler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordValidationTest {

    /** Where the magic byte and the first byte covered by the CRC sit in a v2 batch header. */
    private static final int MAGIC_OFFSET = 16;
    private static final int RECORDS_OFFSET = 61;

    @TempDir
    Path tempDir;

    private PartitionLog log;

    @BeforeEach
    void open() {
        log = PartitionLog.open(tempDir.resolve("v-0"), "v", 0,
                TestRecords.config(Map.of(LogConfig.MAX_MESSAGE_BYTES, "1000")), new MutableClock(T0), LogCheckpoints.clean());
        log.append(batch(T0, "first"), 0);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private void assertNothingAppended() {
        assertThat(log.logEndOffset()).isEqualTo(1);
        assertThat(log.size()).isEqualTo(batch(T0, "first").sizeInBytes());
    }

    @Test
    void aBatchThatIsNotMagicTwoIsRejected() {
        MemoryRecords records = batch(T0, "a");
        records.buffer().put(MAGIC_OFFSET, (byte) 1);

        assertThatThrownBy(() -> log.append(records, 0))
                .isExactlyInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("magic 1");
        assertNothingAppended();
    }

    @Test
    void aBadCrcIsRejectedAsCorrupt() {
        MemoryRecords records = batch(T0, "payload");
        ByteBuffer buffer = records.buffer();
        int last = buffer.limit() - 1;
        buffer.put(last, (byte) (buffer.get(last) ^ 0x5A));

        assertThatThrownBy(() -> log.append(records, 0)).isInstanceOf(CorruptRecordException.class);
        assertNothingAppended();
    }

    @Test
    void aBatchOverMaxMessageBytesIsTooLarge() {
        assertThatThrownBy(() -> log.append(batch(T0, filler(2000, 'z')), 0))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("max.message.bytes=1000");
        assertNothingAppended();
    }

    @Test
    void oneBadBatchRejectsTheWholeRequest() {
        MemoryRecords good = batch(T0, "good");
        MemoryRecords bad = batch(T0, "bad");
        bad.buffer().put(RECORDS_OFFSET, (byte) (bad.buffer().get(RECORDS_OFFSET) ^ 1));
        ByteBuffer both = ByteBuffer.allocate(good.sizeInBytes() + bad.sizeInBytes());
        both.put(good.buffer().duplicate()).put(bad.buffer().duplicate()).flip();

        assertThatThrownBy(() -> log.append(MemoryRecords.readableRecords(both), 0)).isInstanceOf(CorruptRecordException.class);
        assertNothingAppended();
    }

    @Test
    void anEmptyRequestIsInvalid() {
        assertThatThrownBy(() -> log.append(MemoryRecords.EMPTY, 0)).isExactlyInstanceOf(InvalidRecordException.class);
        assertNothingAppended();
    }
}

package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.filler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.apache.kafka.common.utils.internals.Crc32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordValidationTest {

    /** Where the fields of a v2 batch header sit. */
    private static final int LENGTH_OFFSET = 8;
    private static final int MAGIC_OFFSET = 16;
    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int BASE_SEQUENCE_OFFSET = 53;
    private static final int RECORDS_OFFSET = 61;
    /** Attribute bit 5: a control batch (transaction markers), which only a broker writes. */
    private static final int CONTROL_FLAG = 0x20;

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

    // ---- what a client can put behind a valid CRC: the CRC is the client's own ----------------------------------

    @Test
    void aBatchLengthBeyondTheRequestIsCorruptNotAnOverflow() {
        MemoryRecords records = batch(T0, "a");
        // kafka-clients' batch iterator adds the 12-byte log overhead to this and slices at a negative limit
        records.buffer().putInt(LENGTH_OFFSET, Integer.MAX_VALUE);

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("partial record batch");
        assertNothingAppended();
    }

    @Test
    void aBatchLengthShorterThanABatchHeaderIsCorrupt() {
        MemoryRecords records = batch(T0, "a");
        records.buffer().putInt(LENGTH_OFFSET, 10);

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("fewer than a batch header");
        assertNothingAppended();
    }

    @Test
    void aCodecThatDoesNotExistIsCorrupt() {
        MemoryRecords records = batch(T0, "a");
        records.buffer().putShort(ATTRIBUTES_OFFSET, (short) (records.buffer().getShort(ATTRIBUTES_OFFSET) | 6));
        fixCrc(records.buffer());

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("compression codec 6");
        assertNothingAppended();
    }

    @Test
    void aControlBatchFromAClientIsInvalid() {
        MemoryRecords records = batch(T0, "a");
        records.buffer().putShort(ATTRIBUTES_OFFSET,
                (short) (records.buffer().getShort(ATTRIBUTES_OFFSET) | CONTROL_FLAG));
        fixCrc(records.buffer());

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not allowed to write control records");
        assertNothingAppended();
    }

    @Test
    void anIdempotentBatchWithANegativeSequenceIsInvalid() {
        MemoryRecords records = TestRecords.idempotent(42L, (short) 0, 0, "a");
        records.buffer().putInt(BASE_SEQUENCE_OFFSET, -5);
        fixCrc(records.buffer());

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("Invalid sequence number -5");
        assertNothingAppended();
    }

    @Test
    void recordsThatDoNotReadAreCorruptEvenUnderAValidCrc() {
        MemoryRecords records = batch(T0, "a", "b");
        // the first record's length varint now claims more bytes than the batch holds
        records.buffer().put(RECORDS_OFFSET, (byte) 0x7e);
        fixCrc(records.buffer());

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("records that do not read");
        assertNothingAppended();
    }

    @Test
    void aCompressedRecordClaimingTwoGigabytesIsCorruptAndNeverAllocated() {
        MemoryRecords records = gzipBatchWithFirstRecordLength(length -> Integer.MAX_VALUE);

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("records that do not read");
        assertNothingAppended();
    }

    @Test
    void aCompactedTopicReadsCompressedRecordsWithoutAllocatingThemToo() {
        log.updateConfig(TestRecords.config(Map.of(LogConfig.CLEANUP_POLICY, "compact")));
        MemoryRecords records = gzipBatchWithFirstRecordLength(length -> Integer.MAX_VALUE);

        assertThatThrownBy(() -> log.append(records, 0)).isExactlyInstanceOf(CorruptRecordException.class);
        assertNothingAppended();
    }

    @Test
    void aCompressedRecordWhoseFieldsDisagreeWithItsLengthIsCorrupt() {
        // kafka-clients' skipping reader follows the fields and accepts this; a consumer reads by the length and fails
        MemoryRecords shorter = gzipBatchWithFirstRecordLength(length -> length - 2);
        MemoryRecords longer = gzipBatchWithFirstRecordLength(length -> length + 2);

        assertThatThrownBy(() -> log.append(shorter, 0)).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("runs past its record");
        assertThatThrownBy(() -> log.append(longer, 0)).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("its fields take");
        assertNothingAppended();
    }

    @Test
    void aCompressedBatchThatReadsIsAppended() {
        MemoryRecords records = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord(T0, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)));

        assertThat(log.append(records, 0).lastOffset()).isEqualTo(1);
    }

    /** A gzip batch of two keyed records whose first record's length varint is changed, CRC recomputed. */
    private static MemoryRecords gzipBatchWithFirstRecordLength(IntUnaryOperator change) {
        MemoryRecords valid = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord(T0, "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(T0, "k2".getBytes(StandardCharsets.UTF_8), "v2".getBytes(StandardCharsets.UTF_8)));
        ByteBuffer buffer = valid.buffer();
        byte[] raw;
        try (InputStream in = Compression.gzip().build().wrapForInput(
                buffer.duplicate().position(RECORDS_OFFSET).slice(), RecordBatch.MAGIC_VALUE_V2, BufferSupplier.NO_CACHING)) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ByteBuffer rawRecords = ByteBuffer.wrap(raw);
        int length = ByteUtils.readVarint(rawRecords);
        ByteBuffer mutated = ByteBuffer.allocate(raw.length + 5);
        ByteUtils.writeVarint(change.applyAsInt(length), mutated);
        mutated.put(rawRecords).flip();
        ByteBufferOutputStream compressed = new ByteBufferOutputStream(raw.length + 64);
        try (OutputStream out = Compression.gzip().build().wrapForOutput(compressed, RecordBatch.MAGIC_VALUE_V2)) {
            out.write(mutated.array(), 0, mutated.limit());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ByteBuffer records = compressed.buffer().flip();
        ByteBuffer batch = ByteBuffer.allocate(RECORDS_OFFSET + records.remaining());
        batch.put(buffer.duplicate().limit(RECORDS_OFFSET)).put(records).flip();
        batch.putInt(LENGTH_OFFSET, batch.limit() - LENGTH_OFFSET - 4);
        fixCrc(batch);
        return MemoryRecords.readableRecords(batch);
    }

    private static void fixCrc(ByteBuffer batch) {
        long crc = Crc32C.compute(batch, ATTRIBUTES_OFFSET, batch.limit() - ATTRIBUTES_OFFSET);
        ByteUtils.writeUnsignedInt(batch, CRC_OFFSET, crc);
    }
}

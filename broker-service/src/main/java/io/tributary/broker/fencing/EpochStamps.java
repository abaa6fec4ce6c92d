package io.tributary.broker.fencing;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.utils.internals.ByteUtils;

import io.tributary.metadata.coordinator.CoordinatorEpochStamp;

/**
 * Reads the coordinator epoch stamped on every record of a produce request's batches, by hand over the request's
 * bytes: nothing is allocated from a length the request claims, and every length is checked against the bytes that
 * back it, because this runs before the log's own validation. Only uncompressed v2 batches are read: the coordinator
 * writes them so, and reading a compressed batch would mean decompressing what the log has not yet validated.
 *
 * <pre>
 * batch:  baseOffset(8) length(4) partitionLeaderEpoch(4) magic(1) crc(4) attributes(2) lastOffsetDelta(4)
 *         baseTimestamp(8) maxTimestamp(8) producerId(8) producerEpoch(2) baseSequence(4) recordCount(4) records
 * record: length(varint) attributes(1) timestampDelta(varlong) offsetDelta(varint) keyLength(varint) key
 *         valueLength(varint) value headerCount(varint) [keyLength(varint) key valueLength(varint) value]*
 * </pre>
 */
final class EpochStamps {

    /** What the records of a request carry. */
    sealed interface Stamp {
    }

    /**
     * Every record carries an epoch, from {@code oldest} to {@code newest}: two when the producer batched writes made
     * under two claims of the partition together.
     */
    record Epochs(long oldest, long newest) implements Stamp {
    }

    /** Some record carries no epoch. */
    record Missing(String why) implements Stamp {
    }

    private static final int LENGTH_OFFSET = 8;
    private static final int MAGIC_OFFSET = 16;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int COUNT_OFFSET = 57;
    private static final int BATCH_OVERHEAD = 61;
    private static final int LOG_OVERHEAD = 12;
    private static final int CODEC_MASK = 0x07;
    private static final ByteBuffer HEADER =
            ByteBuffer.wrap(CoordinatorEpochStamp.HEADER.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

    private EpochStamps() {
    }

    /**
     * @throws InvalidRecordException if a batch is compressed, not v2, or does not read as it declares
     */
    static Stamp read(ByteBuffer request) {
        ByteBuffer bytes = request.duplicate();
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        try {
            while (bytes.hasRemaining()) {
                int start = bytes.position();
                if (bytes.remaining() < BATCH_OVERHEAD) {
                    throw new InvalidRecordException("the request ends with a partial record batch");
                }
                int length = bytes.getInt(start + LENGTH_OFFSET);
                if (length < BATCH_OVERHEAD - LOG_OVERHEAD || length > bytes.remaining() - LOG_OVERHEAD) {
                    throw new InvalidRecordException("a record batch claims " + length + " bytes");
                }
                if (bytes.get(start + MAGIC_OFFSET) != 2) {
                    throw new InvalidRecordException("a record batch is not magic v2");
                }
                if ((bytes.getShort(start + ATTRIBUTES_OFFSET) & CODEC_MASK) != 0) {
                    throw new InvalidRecordException("a record batch is compressed");
                }
                int count = bytes.getInt(start + COUNT_OFFSET);
                ByteBuffer records = bytes.duplicate().position(start + BATCH_OVERHEAD)
                        .limit(start + LOG_OVERHEAD + length).slice();
                for (int i = 0; i < count; i++) {
                    OptionalLong stamped = recordEpoch(records);
                    if (stamped.isEmpty()) {
                        return new Missing("a record has no " + CoordinatorEpochStamp.HEADER + " header of "
                                + CoordinatorEpochStamp.LENGTH + " bytes");
                    }
                    oldest = Math.min(oldest, stamped.getAsLong());
                    newest = Math.max(newest, stamped.getAsLong());
                }
                bytes.position(start + LOG_OVERHEAD + length);
            }
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // a varint longer than it may be, a position or slice past the end
            throw new InvalidRecordException("a record does not read as its batch declares");
        }
        return newest == Long.MIN_VALUE ? new Missing("the request holds no record") : new Epochs(oldest, newest);
    }

    /** Reads one record from {@code records}, leaving it positioned after the record. */
    private static OptionalLong recordEpoch(ByteBuffer records) {
        int length = ByteUtils.readVarint(records);
        if (length < 0 || length > records.remaining()) {
            throw new InvalidRecordException("a record claims " + length + " bytes");
        }
        ByteBuffer record = records.slice(records.position(), length);
        records.position(records.position() + length);
        record.get(); // attributes
        ByteUtils.readVarlong(record); // timestamp delta
        ByteUtils.readVarint(record); // offset delta
        skip(record, ByteUtils.readVarint(record)); // key
        skip(record, ByteUtils.readVarint(record)); // value
        int headers = ByteUtils.readVarint(record);
        OptionalLong epoch = OptionalLong.empty();
        for (int h = 0; h < headers; h++) {
            int keyLength = ByteUtils.readVarint(record);
            if (keyLength < 0) {
                throw new InvalidRecordException("a header key has length " + keyLength);
            }
            ByteBuffer key = record.slice(record.position(), keyLength);
            record.position(record.position() + keyLength);
            int valueLength = ByteUtils.readVarint(record);
            ByteBuffer value = valueLength < 0 ? ByteBuffer.allocate(0) : record.slice(record.position(), valueLength);
            skip(record, valueLength);
            if (key.equals(HEADER)) {
                epoch = CoordinatorEpochStamp.decode(value);
            }
        }
        return epoch;
    }

    /** Skips a field of {@code length} bytes; -1 is a null field. */
    private static void skip(ByteBuffer buffer, int length) {
        if (length < -1) {
            throw new InvalidRecordException("a field has length " + length);
        }
        if (length > 0) {
            buffer.position(buffer.position() + length);
        }
    }
}

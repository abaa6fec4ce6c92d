package io.tributary.broker.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The sparse time index of one segment, Kafka's {@code .timeindex} format.
 *
 * <p>Each 12-byte entry is a big-endian int64 timestamp followed by an int32 offset relative to the segment's
 * base offset. An entry {@code (t, o)} says that {@code t} is the largest timestamp in the segment up to and
 * including the batch holding offset {@code baseOffset + o}, and that no earlier batch of the segment reached
 * {@code t}. Entries are added alongside offset-index entries, and once more when the segment rolls or closes
 * so that the last entry carries the segment's largest timestamp; timestamps strictly increase.
 */
final class TimeIndex extends AbstractIndex {

    static final int ENTRY_SIZE = 12;

    /** A timestamp and an offset of the segment, as stored in one entry. */
    record TimestampOffset(long timestamp, long offset) {
    }

    TimeIndex(Path file, long baseOffset, int maxIndexSize, StorageIo io) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, io);
    }

    /**
     * Adds an entry if {@code timestamp} is larger than the last one; older timestamps add nothing, since the
     * index only records where the maximum grows.
     */
    void maybeAppend(long timestamp, long offset) {
        if (isFull() || timestamp == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        if (entries() > 0) {
            TimestampOffset last = lastEntry();
            if (timestamp <= last.timestamp() || offset < last.offset()) {
                return;
            }
        }
        long relative = offset - baseOffset();
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalStateException("Offset " + offset + " does not fit in time index " + file());
        }
        appendEntry(ByteBuffer.allocate(ENTRY_SIZE).putLong(timestamp).putInt((int) relative).flip());
    }

    /**
     * The greatest entry whose timestamp is at most {@code targetTimestamp}, else no timestamp at the segment's
     * base offset: every record before that entry's batch is older than the entry's timestamp.
     */
    TimestampOffset lookup(long targetTimestamp) {
        ByteBuffer buffer = buffer();
        int slot = largestLowerBoundSlot(buffer, entries(), targetTimestamp);
        return slot < 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset()) : entryAt(buffer, slot);
    }

    /** The last entry, else no timestamp at the segment's base offset. */
    TimestampOffset lastEntry() {
        int count = entries();
        return count == 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset()) : entryAt(buffer(), count - 1);
    }

    /** Removes every entry for an offset at or above {@code offset}. */
    void truncateTo(long offset) {
        ByteBuffer buffer = buffer();
        int keep = entries();
        while (keep > 0 && entryAt(buffer, keep - 1).offset() >= offset) {
            keep--;
        }
        truncateToEntries(keep);
    }

    @Override
    boolean isConsistent() {
        if (!super.isConsistent()) {
            return false;
        }
        ByteBuffer buffer = buffer();
        for (int slot = 1; slot < entries(); slot++) {
            if (entryAt(buffer, slot).offset() < entryAt(buffer, slot - 1).offset()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected long keyAt(ByteBuffer buffer, int slot) {
        return buffer.getLong(slot * ENTRY_SIZE);
    }

    private TimestampOffset entryAt(ByteBuffer buffer, int slot) {
        return new TimestampOffset(buffer.getLong(slot * ENTRY_SIZE), baseOffset() + buffer.getInt(slot * ENTRY_SIZE + 8));
    }
}

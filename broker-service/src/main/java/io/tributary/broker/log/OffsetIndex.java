package io.tributary.broker.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of one segment, Kafka's {@code .index} format.
 *
 * <p>Each 8-byte entry is a big-endian int32 offset relative to the segment's base offset followed by an int32
 * byte position in the {@code .log} file. An entry {@code (o, p)} says that the record batch starting at
 * position {@code p} has last offset {@code baseOffset + o}. Entries are added at most once every
 * {@code index.interval.bytes} of log and are strictly increasing in both fields, so a lookup is a binary
 * search followed by a short forward scan of the log from the position found.
 */
final class OffsetIndex extends AbstractIndex {

    static final int ENTRY_SIZE = 8;

    /** An absolute offset and the byte position in the segment's log where scanning for it may start. */
    record OffsetPosition(long offset, int position) {
    }

    OffsetIndex(Path file, long baseOffset, int maxIndexSize, StorageIo io) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, io);
    }

    /**
     * Adds an entry for the batch at {@code position} whose last offset is {@code offset}.
     *
     * @throws IllegalStateException if the index is full or the offset does not grow
     */
    void append(long offset, int position) {
        if (isFull()) {
            throw new IllegalStateException("Offset index " + file() + " is full");
        }
        if (entries() > 0 && offset <= lastOffset()) {
            throw new IllegalStateException("Offset " + offset + " is not larger than the last entry " + lastOffset()
                    + " of offset index " + file());
        }
        appendEntry(ByteBuffer.allocate(ENTRY_SIZE).putInt(relativeOffset(offset)).putInt(position).flip());
    }

    /** The greatest entry whose offset is at most {@code targetOffset}, else the start of the segment. */
    OffsetPosition lookup(long targetOffset) {
        ByteBuffer buffer = buffer();
        int slot = largestLowerBoundSlot(buffer, entries(), targetOffset);
        if (slot < 0) {
            return new OffsetPosition(baseOffset(), 0);
        }
        return entryAt(buffer, slot);
    }

    /** The last entry, else the start of the segment. */
    OffsetPosition lastEntry() {
        int count = entries();
        return count == 0 ? new OffsetPosition(baseOffset(), 0) : entryAt(buffer(), count - 1);
    }

    long lastOffset() {
        return lastEntry().offset();
    }

    /** Removes every entry for an offset at or above {@code offset}. */
    void truncateTo(long offset) {
        int slot = largestLowerBoundSlot(buffer(), entries(), offset - 1);
        truncateToEntries(slot + 1);
    }

    @Override
    boolean isConsistent() {
        if (!super.isConsistent()) {
            return false;
        }
        ByteBuffer buffer = buffer();
        for (int slot = 1; slot < entries(); slot++) {
            if (entryAt(buffer, slot).position() <= entryAt(buffer, slot - 1).position()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected long keyAt(ByteBuffer buffer, int slot) {
        return baseOffset() + buffer.getInt(slot * ENTRY_SIZE);
    }

    private OffsetPosition entryAt(ByteBuffer buffer, int slot) {
        return new OffsetPosition(baseOffset() + buffer.getInt(slot * ENTRY_SIZE), buffer.getInt(slot * ENTRY_SIZE + 4));
    }

    private int relativeOffset(long offset) {
        long relative = offset - baseOffset();
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalStateException("Offset " + offset + " does not fit in offset index " + file());
        }
        return (int) relative;
    }
}

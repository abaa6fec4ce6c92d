package io.tributary.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.utils.internals.ByteBufferUnmapper;

/**
 * A memory-mapped file of fixed-size entries sorted by a key, shared by {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <p>The file is preallocated to {@code segment.index.bytes} while its segment is active, so appends never
 * grow it, and trimmed to the entries it holds when the segment rolls or closes. The number of entries is
 * therefore the file length divided by the entry size for a trimmed file; a preallocated file left by a crash
 * counts its zero padding as entries, which {@link #isConsistent()} detects, and such an index is rebuilt from
 * the log. Not thread-safe: the owning {@link PartitionLog} serializes access.
 */
abstract class AbstractIndex implements Closeable {

    private Path file;
    private final long baseOffset;
    private final int entrySize;
    private int maxIndexSize;
    private MappedByteBuffer mmap;
    private int entries;

    AbstractIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.maxIndexSize = maxIndexSize;
        StorageErrors.run("opening index", file, () -> {
            boolean existed = Files.exists(file) && Files.size(file) > 0;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                if (!existed) {
                    raf.setLength(roundDown(maxIndexSize));
                }
                long length = raf.length();
                this.entries = existed ? roundDown(length) / entrySize : 0;
                this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
                this.mmap.position(entries * entrySize);
            }
        });
    }

    final Path file() {
        return file;
    }

    final long baseOffset() {
        return baseOffset;
    }

    final int entries() {
        return entries;
    }

    final int maxEntries() {
        return mmap.limit() / entrySize;
    }

    final boolean isFull() {
        return entries >= maxEntries();
    }

    /** The key entries are sorted by: the offset for the offset index, the timestamp for the time index. */
    protected abstract long keyAt(MappedByteBuffer buffer, int slot);

    protected final MappedByteBuffer buffer() {
        return mmap;
    }

    protected final int entrySize() {
        return entrySize;
    }

    /** Counts the entry a subclass has just put at the buffer's position. */
    protected final void entryAppended() {
        entries++;
    }

    /** The slot of the greatest entry whose key is at most {@code target}, or -1 when every entry is greater. */
    protected final int largestLowerBoundSlot(long target) {
        if (entries == 0 || keyAt(mmap, 0) > target) {
            return -1;
        }
        int low = 0;
        int high = entries - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (keyAt(mmap, mid) <= target) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Drops every entry from {@code slot} on. */
    protected final void truncateToEntries(int slot) {
        entries = Math.min(entries, slot);
        mmap.position(entries * entrySize);
    }

    /** Whether the file could have been written by this class: whole entries, keys strictly increasing. */
    boolean isConsistent() {
        for (int slot = 1; slot < entries; slot++) {
            if (keyAt(mmap, slot) <= keyAt(mmap, slot - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Removes every entry and makes room for a full segment's worth again. */
    void reset() {
        truncateToEntries(0);
        resize(maxIndexSize);
    }

    /** Preallocates room for entries again, for a segment that becomes (or stays) the active one. */
    void resizeToMax(int newMaxIndexSize) {
        maxIndexSize = newMaxIndexSize;
        resize(maxIndexSize);
    }

    void trimToValidSize() {
        resize(entries * entrySize);
    }

    void flush() {
        mmap.force();
    }

    @Override
    public void close() {
        trimToValidSize();
        unmap();
    }

    /** Moves the file; the mapping stays valid, as an open file outlives a rename. */
    void renameTo(Path newFile) {
        StorageErrors.run("renaming index", file, () -> Utils.atomicMoveWithFallback(file, newFile, false));
        file = newFile;
    }

    void deleteIfExists() {
        unmap();
        StorageErrors.run("deleting index", file, () -> Files.deleteIfExists(file));
    }

    private void resize(int newSize) {
        int length = roundDown(Math.max(newSize, entries * entrySize));
        if (length == mmap.limit()) {
            return;
        }
        StorageErrors.run("resizing index", file, () -> {
            unmap();
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(length);
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
                mmap.position(entries * entrySize);
            }
        });
    }

    /** An unmapped buffer must never be touched again: the JVM would crash, so the field is cleared. */
    private void unmap() {
        if (mmap == null) {
            return;
        }
        MappedByteBuffer buffer = mmap;
        mmap = null;
        StorageErrors.run("unmapping index", file, () -> ByteBufferUnmapper.unmap(file.toString(), buffer));
    }

    private int roundDown(long size) {
        return (int) (size - size % entrySize);
    }
}

package io.tributary.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.utils.internals.ByteBufferUnmapper;

/**
 * A file of fixed-size entries sorted by a key, shared by {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <p>The file is preallocated to {@code segment.index.bytes} while its segment is active, and trimmed to the entries
 * it holds when the segment rolls or closes. The number of entries is therefore the file length divided by the entry
 * size for a trimmed file; a preallocated file left by a crash counts its zero padding as entries, which
 * {@link #isConsistent()} detects, and such an index is rebuilt from the log.
 *
 * <p>Entries are written with positional writes through a channel ({@link StorageIo}), never through the mapping: the
 * preallocated file is sparse, and a store into a mapped page the disk has no room for is a {@code SIGBUS}, where a
 * write is an {@link IOException} that reaches the failure funnel. Lookups read a read-only mapping, which sees
 * those writes (one page cache).
 *
 * <p>Threads: one writer at a time (the owning {@link PartitionLog} holds its lock); lookups run concurrently with it
 * and with each other, without a lock. The entry count is published after the entry's bytes are written, so a lookup
 * sees only whole entries. A mapping that a lookup may still hold is never unmapped under it: a resize leaves the old
 * mapping to the garbage collector, and {@link #closeHandles()} is called only once no lookup can run (the log's
 * close, or the grace period of a removed segment).
 */
abstract class AbstractIndex implements Closeable {

    private volatile Path file;
    private final long baseOffset;
    private final int entrySize;
    private final StorageIo io;
    private int maxIndexSize;
    private volatile MappedByteBuffer mmap;
    private volatile int entries;
    /** Open while entries are being added, only ever under the log's lock; closed when the index is trimmed or closed. */
    private FileChannel writer;

    AbstractIndex(Path file, long baseOffset, int maxIndexSize, int entrySize, StorageIo io) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.maxIndexSize = maxIndexSize;
        this.io = io;
        StorageErrors.run("opening index", file, () -> {
            boolean existed = Files.exists(file) && Files.size(file) > 0;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                if (!existed) {
                    raf.setLength(roundDown(maxIndexSize));
                }
                long length = raf.length();
                this.entries = existed ? roundDown(length) / entrySize : 0;
                this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, length);
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
    protected abstract long keyAt(ByteBuffer buffer, int slot);

    /** The current mapping: a lookup takes it once and reads only that one. */
    protected final ByteBuffer buffer() {
        return mmap;
    }

    protected final int entrySize() {
        return entrySize;
    }

    /** Writes one entry after the last and counts it. */
    protected final void appendEntry(ByteBuffer entry) {
        long position = (long) entries * entrySize;
        StorageErrors.run("writing index", file, () -> {
            FileChannel channel = writer();
            while (entry.hasRemaining()) {
                channel.write(entry, position + entry.position());
            }
        });
        entries++;
    }

    /** The slot of the greatest entry whose key is at most {@code target}, or -1 when every entry is greater. */
    protected final int largestLowerBoundSlot(ByteBuffer buffer, int count, long target) {
        if (count == 0 || keyAt(buffer, 0) > target) {
            return -1;
        }
        int low = 0;
        int high = count - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (keyAt(buffer, mid) <= target) {
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
    }

    /** Whether the file could have been written by this class: whole entries, keys strictly increasing. */
    boolean isConsistent() {
        ByteBuffer buffer = mmap;
        for (int slot = 1; slot < entries; slot++) {
            if (keyAt(buffer, slot) <= keyAt(buffer, slot - 1)) {
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

    /** Gives back the preallocated room; no entry is added after this unless the index is resized again. */
    void trimToValidSize() {
        resize(entries * entrySize);
        closeWriter();
    }

    /**
     * Fsyncs the file through a channel of its own: a flush runs without the log's lock, and the writer may be closed
     * under it by a roll.
     */
    void flush() {
        Path current = file;
        StorageErrors.run("flushing index", current, () -> {
            try (FileChannel channel = io.open(current, StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (NoSuchFileException gone) {
                // removed meanwhile (its segment was deleted) or renamed (a cleaned index, synced before its rename)
            }
        });
    }

    /** Trims the file and releases it. */
    @Override
    public void close() {
        trimToValidSize();
        closeHandles();
    }

    /** Releases the file without writing to it: for a log whose directory failed, or a segment already deleted. */
    void closeHandles() {
        closeWriter();
        unmap();
    }

    /** Moves the file; the mapping stays valid, as an open file outlives a rename. */
    void renameTo(Path newFile) {
        StorageErrors.run("renaming index", file, () -> Utils.atomicMoveWithFallback(file, newFile, false));
        file = newFile;
    }

    /** Deletes the file; the mapping stays until {@link #closeHandles()}, for lookups that may still use it. */
    void deleteIfExists() {
        closeWriter();
        StorageErrors.run("deleting index", file, () -> Files.deleteIfExists(file));
    }

    private FileChannel writer() throws IOException {
        if (writer == null) {
            writer = io.open(file, StandardOpenOption.WRITE);
        }
        return writer;
    }

    private void closeWriter() {
        FileChannel open = writer;
        writer = null;
        if (open != null) {
            StorageErrors.run("closing index", file, open::close);
        }
    }

    private void resize(int newSize) {
        int length = roundDown(Math.max(newSize, entries * entrySize));
        MappedByteBuffer current = mmap;
        if (current != null && length == current.limit()) {
            return;
        }
        StorageErrors.run("resizing index", file, () -> {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(length);
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, length);
            }
        });
    }

    /** An unmapped buffer must never be touched again: the JVM would crash, so the field is cleared first. */
    private void unmap() {
        MappedByteBuffer buffer = mmap;
        if (buffer == null) {
            return;
        }
        mmap = null;
        StorageErrors.run("unmapping index", file, () -> ByteBufferUnmapper.unmap(file.toString(), buffer));
    }

    private int roundDown(long size) {
        return (int) (size - size % entrySize);
    }
}

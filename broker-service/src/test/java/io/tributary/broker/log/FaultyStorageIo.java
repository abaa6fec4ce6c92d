package io.tributary.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Disk faults on real files: writes and syncs go to the files as in production until a fault is armed for a
 * directory; then those under it fail as a full or failing disk makes them fail. A full disk writes part of a segment
 * append before it gives up, as a real one does. A hold pauses the next append or sync in the middle, for tests of
 * what other threads can do meanwhile.
 */
public final class FaultyStorageIo implements StorageIo {

    /** A paused operation: the test waits until it is inside, then lets it go on. */
    public static final class Hold {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        public void awaitEntered() throws InterruptedException {
            if (!entered.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the held operation never started");
            }
        }

        public void release() {
            released.countDown();
        }

        void pause() throws IOException {
            entered.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("hold never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private volatile Path faultyDir;
    private volatile int bytesThatFit = -1;
    private volatile boolean failSyncs;
    private volatile boolean failWrites;
    private volatile Hold appendHold;
    private volatile Hold syncHold;
    private final AtomicInteger appends = new AtomicInteger();

    /** Appends under {@code dir} write {@code bytes} bytes, then fail; so do other writes there. */
    public void fullDisk(Path dir, int bytes) {
        faultyDir = dir.toAbsolutePath().normalize();
        bytesThatFit = bytes;
        failWrites = true;
    }

    /** Every fsync under {@code dir} fails. */
    public void failingSyncs(Path dir) {
        faultyDir = dir.toAbsolutePath().normalize();
        failSyncs = true;
    }

    /** Writes through channels under {@code dir} (indexes, checkpoints) fail; segment appends still succeed. */
    public void failingChannelWrites(Path dir) {
        faultyDir = dir.toAbsolutePath().normalize();
        failWrites = true;
    }

    /** Pauses the next segment append, holding the log's lock. */
    public Hold holdNextAppend() {
        Hold hold = new Hold();
        appendHold = hold;
        return hold;
    }

    /** Pauses the next fsync of a segment. */
    public Hold holdNextSync() {
        Hold hold = new Hold();
        syncHold = hold;
        return hold;
    }

    /** Segment appends attempted so far, failed ones included. */
    public int appends() {
        return appends.get();
    }

    @Override
    public int append(FileRecords log, MemoryRecords records) throws IOException {
        appends.incrementAndGet();
        Hold hold = appendHold;
        if (hold != null) {
            appendHold = null;
            hold.pause();
        }
        if (bytesThatFit >= 0 && isFaulty(log.file().toPath())) {
            ByteBuffer part = records.buffer().duplicate();
            part.limit(part.position() + Math.min(bytesThatFit, part.remaining()));
            while (part.hasRemaining()) {
                log.channel().write(part);
            }
            throw new IOException("No space left on device");
        }
        return log.append(records);
    }

    @Override
    public void flush(FileRecords log) throws IOException {
        Hold hold = syncHold;
        if (hold != null) {
            syncHold = null;
            hold.pause();
        }
        if (failSyncs && isFaulty(log.file().toPath())) {
            throw new IOException("Input/output error");
        }
        log.flush();
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return new FaultyChannel(FileChannel.open(file, options), file.toAbsolutePath().normalize());
    }

    private boolean isFaulty(Path file) {
        Path dir = faultyDir;
        return dir != null && file.toAbsolutePath().normalize().startsWith(dir);
    }

    /** A real channel that fails writes and syncs once its file's directory is faulty. */
    private final class FaultyChannel extends FileChannel {
        private final FileChannel real;
        private final Path file;

        FaultyChannel(FileChannel real, Path file) {
            this.real = real;
            this.file = file;
        }

        private void checkWrite() throws IOException {
            if (failWrites && isFaulty(file)) {
                throw new IOException(bytesThatFit >= 0 ? "No space left on device" : "Read-only file system");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            checkWrite();
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            checkWrite();
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            checkWrite();
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failSyncs && isFaulty(file)) {
                throw new IOException("Input/output error");
            }
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            checkWrite();
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkWrite();
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}

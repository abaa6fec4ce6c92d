package io.tributary.broker.log;

import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Utils;

/**
 * When a log is fsynced, and the fsync itself, which runs without the log's lock so that a slow disk holds up neither
 * producers nor readers of the partition. Kafka's rules: data is left to the page cache unless {@code flush.messages}
 * or {@code flush.ms} ask for more, and a rolled segment is synced with its producer snapshot and directory entry.
 *
 * <p>The recovery point moves only after the fsync below it succeeded; a failed fsync throws (the directory goes
 * offline through {@link LogDirectory#guard}) and leaves it where it was, so the next start re-validates everything
 * the failed fsync may have lost.
 */
final class LogFlusher {

    /** What to sync once the lock is released: the segments below {@code upTo}, and after a roll its snapshot. */
    record Request(long upTo, Path snapshot) {

        static final Request NONE = new Request(-1, null);

        static Request roll(long newBaseOffset, Path snapshot) {
            return new Request(newBaseOffset, snapshot);
        }

        static Request upTo(long offset) {
            return new Request(offset, null);
        }
    }

    private final LocalLog local;
    private final ReentrantLock lock;
    private long unflushedRecords;
    private long lastFlushMs;

    /** @param lock the log's lock, taken only to move the recovery point */
    LogFlusher(LocalLog local, ReentrantLock lock, long nowMs) {
        this.local = local;
        this.lock = lock;
        this.lastFlushMs = nowMs;
    }

    /** Under the lock, after an append of {@code records} ending before {@code nextOffset}: is a flush due? */
    Request appended(int records, long nextOffset, long nowMs) {
        unflushedRecords += records;
        if (unflushedRecords < local.config().flushMessages()) {
            return Request.NONE;
        }
        return all(nextOffset, nowMs);
    }

    /** Under the lock: a flush of everything up to the log end, if {@code flush.ms} has passed and something is unflushed. */
    Request ifDue(long nowMs) {
        if (local.recoveryPoint() >= local.logEndOffset() || nowMs - lastFlushMs < local.config().flushMs()) {
            return Request.NONE;
        }
        return all(local.logEndOffset(), nowMs);
    }

    /** Under the lock: a flush of everything up to {@code upTo}, counted as the last flush. */
    Request all(long upTo, long nowMs) {
        unflushedRecords = 0;
        lastFlushMs = nowMs;
        return Request.upTo(upTo);
    }

    /**
     * Syncs what {@code request} names, then takes the lock only to move the recovery point.
     *
     * @throws KafkaStorageException if the log was closed (its topic deleted) meanwhile: not a disk failure
     */
    void flush(Request request) {
        if (request.upTo() < 0) {
            return;
        }
        try {
            local.flushSegments(request.upTo());
            if (request.snapshot() != null) {
                syncSnapshot(request.snapshot());
                StorageErrors.run("flushing directory", local.dir(), () -> Utils.flushDir(local.dir()));
            }
        } catch (RuntimeException e) {
            if (local.isClosed()) {
                throw new KafkaStorageException("Log of " + local.topicPartition() + " was closed while it was being flushed");
            }
            throw e;
        }
        lock.lock();
        try {
            local.markFlushed(request.upTo());
        } finally {
            lock.unlock();
        }
    }

    private void syncSnapshot(Path snapshot) {
        StorageErrors.run("flushing producer snapshot", snapshot, () -> {
            try (FileChannel channel = local.logDirectory().io().open(snapshot, StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (NoSuchFileException deletedMeanwhile) {
                // retention or truncation removed it since the roll: nothing left to sync
            }
        });
    }
}

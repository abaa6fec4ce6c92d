package io.tributary.broker.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files and offsets of one partition log (Kafka's {@code LocalLog}): its segments, where it starts and ends, the
 * high watermark, how far it is flushed, and the segments removed but still open. {@link PartitionLog} adds the lock,
 * the producer state and the rules.
 *
 * <p>Offsets: {@code logStartOffset <= highWatermark <= logEndOffset}, and {@code recoveryPoint <= logEndOffset}
 * marks what has been fsynced. Each is published as a volatile snapshot; the log end carries its segment and byte
 * position, so that a read bounds itself by a position rather than by what the file holds when it gets there.
 *
 * <p>Threads: every change is made under {@link PartitionLog}'s lock. {@link #read} runs without it: it takes the
 * log end once and reads the segments up to that position, while appends continue behind it. Closing the log waits
 * for reads in progress (a read-write lock that only closing takes exclusively), so that no read touches a released
 * file; segments removed while the log stays open go through {@link RetiredSegments} instead.
 */
final class LocalLog {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLog.class);

    private final Path dir;
    private final TopicPartition topicPartition;
    private final LogDirectory logDirectory;
    private final LogSegments segments;
    private final RetiredSegments retired = new RetiredSegments();
    private final ReentrantReadWriteLock handles = new ReentrantReadWriteLock();
    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile LogOffsetMetadata logEnd;
    private volatile LogOffsetMetadata highWatermark;
    private volatile long recoveryPoint;
    private volatile boolean closed;
    /** Changes whenever closed segments are removed, truncated or replaced: a cleaning planned before is void. */
    private long segmentsVersion;

    LocalLog(Path dir, TopicPartition topicPartition, LogDirectory logDirectory, LogConfig config,
             LogRecovery.LoadedLog loaded, long checkpointedHighWatermark) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.logDirectory = logDirectory;
        this.config = config;
        this.segments = loaded.segments();
        this.logStartOffset = loaded.logStartOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.logEnd = endOfActiveSegment(loaded.logEndOffset());
        this.highWatermark = positioned(Math.max(logStartOffset, Math.min(checkpointedHighWatermark, loaded.logEndOffset())));
    }

    Path dir() {
        return dir;
    }

    TopicPartition topicPartition() {
        return topicPartition;
    }

    LogDirectory logDirectory() {
        return logDirectory;
    }

    LogConfig config() {
        return config;
    }

    void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    LogSegments segments() {
        return segments;
    }

    long logStartOffset() {
        return logStartOffset;
    }

    LogOffsetMetadata logEnd() {
        return logEnd;
    }

    long logEndOffset() {
        return logEnd.offset();
    }

    LogOffsetMetadata highWatermark() {
        return highWatermark;
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    long segmentsVersion() {
        return segmentsVersion;
    }

    boolean isClosed() {
        return closed;
    }

    void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("Log of " + topicPartition + " in " + dir + " is closed");
        }
    }

    /** Appends batches whose offsets end before {@code nextOffset} to the active segment, then publishes the new end. */
    void appendToActive(long lastOffset, MemoryRecords records, long nextOffset) {
        LogSegment active = segments.active();
        active.append(lastOffset, records);
        logEnd = new LogOffsetMetadata(nextOffset, active.baseOffset(), active.size());
    }

    /** Starts a new active segment at the log end offset; the old one is closed for appends but not yet flushed. */
    void roll(long nowMs) {
        LogSegment previous = segments.active();
        long newBase = logEnd.offset();
        previous.becomeInactive();
        segments.add(LogSegment.open(logDirectory.io(), dir, newBase, config, nowMs));
        logEnd = new LogOffsetMetadata(newBase, newBase, 0);
    }

    /** Moves the high watermark forward, never past the log end offset; returns it. */
    long advanceHighWatermark(long newHighWatermark) {
        LogOffsetMetadata end = logEnd;
        long capped = Math.min(newHighWatermark, end.offset());
        if (capped > highWatermark.offset()) {
            highWatermark = capped == end.offset() ? end : LogOffsetMetadata.unknownPosition(capped);
        }
        return highWatermark.offset();
    }

    void advanceLogStartOffset(long offset) {
        logStartOffset = Math.max(logStartOffset, offset);
        recoveryPoint = Math.max(recoveryPoint, logStartOffset);
    }

    /** After truncation: every offset is brought back within the new log end. */
    void truncatedTo(long newLogStartOffset) {
        logEnd = endOfActiveSegment(segments.active().readNextOffset());
        long end = logEnd.offset();
        logStartOffset = Math.min(newLogStartOffset, end);
        if (highWatermark.offset() >= end) {
            highWatermark = logEnd;
        } else if (highWatermark.offset() < logStartOffset) {
            highWatermark = positioned(logStartOffset);
        }
        recoveryPoint = Math.max(logStartOffset, Math.min(recoveryPoint, end));
        segmentsVersion++;
    }

    /** Takes a segment out of the log and deletes its files; its handles close after the grace period. */
    void removeSegment(LogSegment segment, long nowMs) {
        segments.remove(segment);
        segmentsVersion++;
        retired.retire(segment, nowMs);
    }

    /** Puts cleaned segments in place of the ones they replace: each new one before any old one goes. */
    void replaceSegments(List<CleanedSegment> cleaned, long nowMs) {
        for (CleanedSegment segment : cleaned) {
            segments.add(segment.segment());
            segment.replaces().forEach(segments::remove);
        }
        segmentsVersion++;
        for (CleanedSegment segment : cleaned) {
            segment.replaces().forEach(old -> retired.retire(old, nowMs));
        }
    }

    void releaseRetiredSegments(long nowMs) {
        retired.releaseDue(nowMs);
    }

    /**
     * Fsyncs the segments holding offsets from the recovery point up to {@code upTo}. Runs without the lock: a
     * segment removed meanwhile is synced all the same, harmlessly, on its still open channel.
     */
    void flushSegments(long upTo) {
        for (LogSegment segment : segments.from(recoveryPoint)) {
            if (segment.baseOffset() >= upTo) {
                break;
            }
            segment.flush();
        }
    }

    /** Moves the recovery point to {@code upTo}, which a flush has just reached; under the lock. */
    void markFlushed(long upTo) {
        recoveryPoint = Math.max(recoveryPoint, Math.min(upTo, logEnd.offset()));
    }

    /**
     * Reads whole batches from {@code fetchOffset} on, from one segment, without the log's lock.
     *
     * @see PartitionLog#read
     */
    ReadResult read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        handles.readLock().lock();
        try {
            ensureOpen();
            LogOffsetMetadata end = logEnd;
            long start = logStartOffset;
            long hw = highWatermark.offset();
            if (fetchOffset < start || fetchOffset > end.offset()) {
                throw new OffsetOutOfRangeException("Fetch offset " + fetchOffset + " is out of range for " + topicPartition
                        + ": log start offset " + start + ", log end offset " + end.offset());
            }
            Records records = MemoryRecords.EMPTY;
            long upTo = Math.min(maxOffsetExclusive, end.offset());
            if (fetchOffset < upTo) {
                for (LogSegment segment : segments.from(fetchOffset)) {
                    if (segment.baseOffset() > end.segmentBaseOffset()) {
                        break;
                    }
                    Records read = segment.read(fetchOffset, maxBytes, maxPosition(segment, upTo, end), minOneMessage);
                    if (read != null) {
                        records = read;
                        break;
                    }
                }
            }
            return new ReadResult(records, hw, start, end.offset());
        } finally {
            handles.readLock().unlock();
        }
    }

    /** The byte position in {@code segment} not to read past: the batch holding {@code upTo}, or the log end. */
    private long maxPosition(LogSegment segment, long upTo, LogOffsetMetadata end) {
        boolean endSegment = segment.baseOffset() == end.segmentBaseOffset();
        if (endSegment && upTo == end.offset()) {
            return end.relativePosition();
        }
        LogSegment next = segments.higher(segment.baseOffset());
        if (!endSegment && next != null && upTo >= next.baseOffset()) {
            return segment.size();
        }
        LogOffsetPosition position = segment.translateOffset(upTo, 0);
        long limit = endSegment ? end.relativePosition() : segment.size();
        return position == null ? limit : Math.min(position.position, limit);
    }

    /** Trims and closes every file, once reads in progress are done. */
    void close() {
        handles.writeLock().lock();
        try {
            closed = true;
            for (LogSegment segment : segments.all()) {
                segment.close();
            }
            retired.releaseAll();
        } finally {
            handles.writeLock().unlock();
        }
    }

    /** Releases every file without writing to it, once reads in progress are done: for a failed directory. */
    void closeHandles() {
        handles.writeLock().lock();
        try {
            closed = true;
            for (LogSegment segment : segments.all()) {
                segment.closeHandles();
            }
            retired.releaseAll();
        } finally {
            handles.writeLock().unlock();
        }
    }

    /** Removes the closed log's directory, through a {@code -delete} name that startup finishes after a crash. */
    private void deleteDirectory() {
        Path renamed = dir.resolveSibling(LogFileNames.deleteDirName(dir.getFileName().toString()));
        StorageErrors.run("deleting", dir, () -> {
            if (Files.exists(dir)) {
                Utils.atomicMoveWithFallback(dir, renamed);
                Utils.delete(renamed.toFile());
            }
        });
    }

    /**
     * Closes the log and removes its directory. In an offline directory the files are only released, and the next
     * start removes them; the caller holds the log's lock.
     */
    void delete() {
        if (!closed) {
            closeHandles();
        }
        if (!logDirectory.isOnline()) {
            LOG.warn("Log {} is in offline log directory {}: its files are left for the next start to delete",
                    topicPartition, logDirectory.path());
            return;
        }
        logDirectory.guard("deleting", topicPartition, this::deleteDirectory);
        LOG.info("Deleted log {}", topicPartition);
    }

    private LogOffsetMetadata endOfActiveSegment(long logEndOffset) {
        LogSegment active = segments.active();
        return new LogOffsetMetadata(logEndOffset, active.baseOffset(), active.size());
    }

    private LogOffsetMetadata positioned(long offset) {
        return offset == logEnd.offset() ? logEnd : LogOffsetMetadata.unknownPosition(offset);
    }
}

package io.tributary.broker.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: its segments, offsets and producer state, behind one lock. Thread-safe.
 *
 * <p>Offsets: {@code logStartOffset <= highWatermark <= logEndOffset}, and {@code recoveryPoint <= logEndOffset}
 * marks what has been fsynced. Appends advance the log end offset only; the caller (the partition's leader
 * logic) moves the high watermark, which reads never pass. After loading, the high watermark is the
 * checkpointed one: a leader with no followers should raise it to {@link #logEndOffset()}.
 *
 * <p>Durability follows Kafka: data is left to the OS page cache unless {@code flush.messages} or
 * {@code flush.ms} ask for more; a rolled segment is fsynced at once and the recovery point moves to the new
 * segment. Segments removed by retention or truncation lose their files at once but keep their file channel
 * open for {@value #DELETED_CHANNEL_GRACE_MS} ms, so that fetch responses still being sent from them complete.
 *
 * <p>Compaction ({@link LogCleaner}) rewrites closed segments outside the lock and swaps the results in under it
 * ({@link #replaceSegments}); the segments it replaces are treated like deleted ones, so a reader still sending
 * from them completes.
 *
 * <p>Error handling: an I/O failure surfaces as {@link KafkaStorageException} naming the file; the append or
 * operation that met it has not been acknowledged, and the log is left as it was on disk, for recovery to
 * re-validate at the next start.
 */
public final class PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
    static final long DELETED_CHANNEL_GRACE_MS = 60_000;

    private record DeletedSegment(LogSegment segment, long deletedAtMs) {
    }

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LogSegments segments;
    private final ProducerStateManager producerState;
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final List<DeletedSegment> deletedSegments = new ArrayList<>();
    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long highWatermark;
    private volatile long recoveryPoint;
    private long unflushedRecords;
    private long lastFlushMs;
    private boolean closed;
    /** Changes whenever closed segments are removed, truncated or replaced: a cleaning planned before is void. */
    private long segmentsVersion;
    /** The first offset the cleaner has not cleaned yet (Kafka's cleaner checkpoint). */
    private volatile long cleanerCheckpoint;
    /** The earliest time a retained tombstone may go; 0 when unknown, as after loading. */
    private volatile long tombstoneHorizonMs;
    /** Set when a swap failed after its commit point: the files are left for recovery at the next start. */
    private volatile boolean cleaningDisabled;

    private PartitionLog(Path dir, TopicPartition topicPartition, LogConfig config, Clock clock,
                         ProducerStateManager producerState, LogRecovery.LoadedLog loaded, long highWatermark) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clock = clock;
        this.producerState = producerState;
        this.segments = loaded.segments();
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.highWatermark = Math.max(logStartOffset, Math.min(highWatermark, logEndOffset));
        this.lastFlushMs = clock.millis();
    }

    /**
     * Opens the partition directory {@code dir}, creating it if missing, recovering it if the checkpoints say
     * it was not closed cleanly.
     */
    public static PartitionLog open(Path dir, String topic, int partition, LogConfig config, Clock clock, LogCheckpoints checkpoints) {
        ProducerStateManager producerState = new ProducerStateManager(dir, clock);
        LogRecovery.LoadedLog loaded = LogRecovery.load(dir, config, clock.millis(), checkpoints, producerState);
        PartitionLog log = new PartitionLog(dir, new TopicPartition(topic, partition), config, clock, producerState,
                loaded, checkpoints.highWatermark());
        LOG.info("Loaded log {} with {} segments, log start offset {}, log end offset {}", log.topicPartition,
                loaded.segments().count(), loaded.logStartOffset(), loaded.logEndOffset());
        return log;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Applies to the next append, roll and retention check; existing segments keep their index size. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    /**
     * Validates, assigns offsets to and appends the batches of a produce request.
     *
     * @param leaderEpoch stamped on every batch, for followers to find where logs diverge
     * @throws org.apache.kafka.common.InvalidRecordException            for a batch that is not magic v2 or malformed
     * @throws org.apache.kafka.common.errors.CorruptRecordException     for a CRC mismatch
     * @throws org.apache.kafka.common.errors.RecordTooLargeException    for a batch over {@code max.message.bytes}
     * @throws org.apache.kafka.common.errors.OutOfOrderSequenceException for a sequence gap of an idempotent producer
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException for a fenced producer epoch
     */
    public AppendResult append(MemoryRecords records, int leaderEpoch) {
        LogConfig current = config;
        RecordBatchValidator.validate(records, current, topicPartition.toString());
        AppendResult result;
        lock.lock();
        try {
            ensureOpen();
            long nowMs = clock.millis();
            long logAppendTime = current.messageTimestampType() == TimestampType.LOG_APPEND_TIME ? nowMs : RecordBatch.NO_TIMESTAMP;
            ProducerStateManager.Update update = producerState.begin(logStartOffset == 0);
            long nextOffset = logEndOffset;
            int recordCount = 0;
            for (MutableRecordBatch batch : records.batches()) {
                Optional<BatchMetadata> duplicate = update.check(batch);
                if (duplicate.isPresent()) {
                    BatchMetadata original = duplicate.get();
                    return new AppendResult(original.firstOffset(), original.lastOffset(), RecordBatch.NO_TIMESTAMP,
                            logStartOffset, true, (int) (original.lastOffset() - original.firstOffset() + 1));
                }
                long span = batch.lastOffset() - batch.baseOffset() + 1;
                batch.setLastOffset(nextOffset + span - 1);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (logAppendTime != RecordBatch.NO_TIMESTAMP) {
                    batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTime);
                }
                update.append(batch);
                nextOffset += span;
                recordCount += (int) span;
            }
            long lastOffset = nextOffset - 1;
            if (segments.active().shouldRoll(current, records.sizeInBytes(), lastOffset, nowMs)) {
                roll(nowMs);
            }
            segments.active().append(lastOffset, records);
            producerState.commit(update);
            result = new AppendResult(logEndOffset, lastOffset, logAppendTime, logStartOffset, false, recordCount);
            logEndOffset = nextOffset;
            unflushedRecords += recordCount;
            if (unflushedRecords >= current.flushMessages()) {
                flushLocked(nowMs);
            }
        } finally {
            lock.unlock();
        }
        notifyAppendListeners();
        return result;
    }

    /**
     * Reads whole batches from {@code fetchOffset} on, from one segment.
     *
     * @param maxBytes           most bytes to return, unless {@code minOneMessage} lets the first batch exceed it
     * @param maxOffsetExclusive no batch holding this offset or a later one is returned (the high watermark for
     *                           consumers, the log end offset for followers)
     * @throws OffsetOutOfRangeException if {@code fetchOffset} is below the log start or above the log end offset
     */
    public ReadResult read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        lock.lock();
        try {
            ensureOpen();
            if (fetchOffset < logStartOffset || fetchOffset > logEndOffset) {
                throw new OffsetOutOfRangeException("Fetch offset " + fetchOffset + " is out of range for " + topicPartition
                        + ": log start offset " + logStartOffset + ", log end offset " + logEndOffset);
            }
            Records records = MemoryRecords.EMPTY;
            if (fetchOffset < Math.min(maxOffsetExclusive, logEndOffset)) {
                for (LogSegment segment : segments.from(fetchOffset)) {
                    Records read = segment.read(fetchOffset, maxBytes, maxPosition(segment, maxOffsetExclusive), minOneMessage);
                    if (read != null) {
                        records = read;
                        break;
                    }
                }
            }
            return new ReadResult(records, highWatermark, logStartOffset, logEndOffset);
        } finally {
            lock.unlock();
        }
    }

    /** The byte position in {@code segment} of the batch holding {@code maxOffsetExclusive}, else its size. */
    private long maxPosition(LogSegment segment, long maxOffsetExclusive) {
        LogSegment next = segments.higher(segment.baseOffset());
        if (maxOffsetExclusive >= logEndOffset || (next != null && maxOffsetExclusive >= next.baseOffset())) {
            return segment.size();
        }
        LogOffsetPosition position = segment.translateOffset(maxOffsetExclusive, 0);
        return position == null ? segment.size() : position.position;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /**
     * Moves the high watermark forward, never past the log end offset.
     *
     * @return the high watermark now
     */
    public long updateHighWatermark(long newHighWatermark) {
        lock.lock();
        try {
            long capped = Math.min(newHighWatermark, logEndOffset);
            if (capped > highWatermark) {
                highWatermark = capped;
            }
            return highWatermark;
        } finally {
            lock.unlock();
        }
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    /** Every offset below it is fsynced. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Bytes in all segments. */
    public long size() {
        lock.lock();
        try {
            return segments.sizeInBytes();
        } finally {
            lock.unlock();
        }
    }

    public int numberOfSegments() {
        lock.lock();
        try {
            return segments.count();
        } finally {
            lock.unlock();
        }
    }

    /** The first record at or above the log start whose timestamp is at least {@code timestamp} (ListOffsets). */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        lock.lock();
        try {
            ensureOpen();
            for (LogSegment segment : segments.all()) {
                if (segment.maxTimestampSoFar() >= timestamp) {
                    Optional<FileRecords.TimestampAndOffset> found = segment.findOffsetByTimestamp(timestamp, logStartOffset);
                    if (found.isPresent()) {
                        FileRecords.TimestampAndOffset f = found.get();
                        return Optional.of(new TimestampOffset(f.offset, f.timestamp, f.leaderEpoch.orElse(RecordBatch.NO_PARTITION_LEADER_EPOCH)));
                    }
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** The first record with the largest timestamp in the log (ListOffsets MAX_TIMESTAMP), empty if none. */
    public Optional<TimestampOffset> maxTimestampAndOffset() {
        lock.lock();
        try {
            ensureOpen();
            LogSegment newest = null;
            for (LogSegment segment : segments.all()) {
                if (segment.maxTimestampSoFar() >= 0 && (newest == null || segment.maxTimestampSoFar() > newest.maxTimestampSoFar())) {
                    newest = segment;
                }
            }
            if (newest == null) {
                return Optional.empty();
            }
            long maxTimestamp = newest.maxTimestampSoFar();
            LogOffsetPosition batchPosition = newest.translateOffset(newest.offsetOfMaxTimestampSoFar(), 0);
            Iterator<FileChannelRecordBatch> batches = newest.records().batchesFrom(batchPosition.position).iterator();
            FileChannelRecordBatch batch = batches.next();
            for (Record record : batch) {
                if (record.timestamp() == maxTimestamp) {
                    return Optional.of(new TimestampOffset(record.offset(), maxTimestamp, batch.partitionLeaderEpoch()));
                }
            }
            return Optional.of(new TimestampOffset(batch.lastOffset(), maxTimestamp, batch.partitionLeaderEpoch()));
        } finally {
            lock.unlock();
        }
    }

    /** Registers a callback run after every append, outside the lock: a waiting fetch re-checks its condition. */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    private void notifyAppendListeners() {
        for (Runnable listener : appendListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("Append listener of {} failed", topicPartition, e);
            }
        }
    }

    /** Starts a new active segment at the log end offset, unless the active one is empty. */
    public void roll() {
        lock.lock();
        try {
            ensureOpen();
            roll(clock.millis());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rolls the active segment if it is older than {@code segment.ms} by its first batch's timestamp.
     *
     * @return whether it rolled
     */
    public boolean maybeRoll(long nowMs) {
        lock.lock();
        try {
            ensureOpen();
            if (!segments.active().isOlderThan(config.segmentMs(), nowMs)) {
                return false;
            }
            roll(nowMs);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void roll(long nowMs) {
        LogSegment previous = segments.active();
        if (previous.size() == 0) {
            return;
        }
        long newBase = logEndOffset;
        previous.becomeInactive();
        flushLocked(nowMs);
        producerState.takeSnapshot(newBase);
        segments.add(LogSegment.open(dir, newBase, config, nowMs));
        StorageErrors.run("flushing directory", dir, () -> Utils.flushDir(dir));
        LOG.debug("Rolled {} to a new segment at offset {}", topicPartition, newBase);
    }

    /**
     * Deletes the oldest closed segments whose largest timestamp is older than {@code retention.ms}.
     *
     * @return the number of segments deleted
     */
    public int deleteRetentionMsBreachedSegments(long nowMs) {
        long retentionMs = config.retentionMs();
        if (retentionMs < 0 || !config.deleteEnabled()) {
            return 0;
        }
        return deleteOldSegments(segment -> nowMs - segment.largestTimestamp() > retentionMs, "retention.ms=" + retentionMs, nowMs);
    }

    /**
     * Deletes the oldest closed segments while the log stays at least {@code retention.bytes} without them.
     *
     * @return the number of segments deleted
     */
    public int deleteRetentionSizeBreachedSegments() {
        long retentionBytes = config.retentionBytes();
        if (retentionBytes < 0 || !config.deleteEnabled()) {
            return 0;
        }
        long[] excess = {size() - retentionBytes};
        return deleteOldSegments(segment -> {
            if (excess[0] - segment.size() < 0) {
                return false;
            }
            excess[0] -= segment.size();
            return true;
        }, "retention.bytes=" + retentionBytes, clock.millis());
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset}, so no record below it is served any more,
     * and deletes the segments wholly below it. An offset at or below the log start offset changes nothing.
     *
     * @return the log start offset afterwards (the partition's low watermark)
     * @throws OffsetOutOfRangeException if {@code offset} is negative or above the high watermark
     */
    public long deleteRecordsBefore(long offset) {
        lock.lock();
        try {
            ensureOpen();
            if (offset < 0 || offset > highWatermark) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + offset
                        + " of partition " + topicPartition + " since it is larger than the high watermark "
                        + highWatermark);
            }
            if (offset <= logStartOffset) {
                return logStartOffset;
            }
            logStartOffset = offset;
            deleteOldSegments(segment -> segments.higher(segment.baseOffset()).baseOffset() <= offset,
                    "deleted records", clock.millis());
            return logStartOffset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes closed segments from the oldest on while {@code deletable} holds; never the active segment,
     * never a segment with offsets at or above the high watermark.
     */
    private int deleteOldSegments(Predicate<LogSegment> deletable, String reason, long nowMs) {
        lock.lock();
        try {
            ensureOpen();
            releaseDeletedSegments(nowMs);
            List<LogSegment> toDelete = new ArrayList<>();
            for (LogSegment segment : segments.inactive()) {
                LogSegment next = segments.higher(segment.baseOffset());
                if (next.baseOffset() > highWatermark || !deletable.test(segment)) {
                    break;
                }
                toDelete.add(segment);
            }
            if (toDelete.isEmpty()) {
                return 0;
            }
            for (LogSegment segment : toDelete) {
                removeSegment(segment, nowMs);
            }
            logStartOffset = Math.max(logStartOffset, segments.first().baseOffset());
            recoveryPoint = Math.max(recoveryPoint, logStartOffset);
            producerState.deleteSnapshotsBelow(logStartOffset);
            LOG.info("Deleted {} segments of {} by {}; log start offset is now {}", toDelete.size(), topicPartition, reason, logStartOffset);
            return toDelete.size();
        } finally {
            lock.unlock();
        }
    }

    private void removeSegment(LogSegment segment, long nowMs) {
        segments.remove(segment);
        segmentsVersion++;
        retireSegment(segment, nowMs);
    }

    /** Deletes the files of a segment no longer in the log; its channel closes after the grace period. */
    private void retireSegment(LogSegment segment, long nowMs) {
        segment.deleteFiles();
        deletedSegments.add(new DeletedSegment(segment, nowMs));
    }

    long cleanerCheckpoint() {
        return cleanerCheckpoint;
    }

    /** Restores the cleaner checkpoint read from the log directory at startup. */
    void initCleanerCheckpoint(long offset) {
        cleanerCheckpoint = offset;
    }

    /**
     * The closed segments the cleaner may rewrite: from the first one up to, not including, the first segment that
     * is active or holds offsets at or above the high watermark. Empty when the log is not compacted, is closed, or
     * the cleaner is disabled for it.
     */
    Optional<CleanableSegments> cleanableSegments() {
        lock.lock();
        try {
            LogConfig current = config;
            if (closed || !current.compactEnabled() || cleaningDisabled) {
                return Optional.empty();
            }
            List<LogSegment> cleanable = new ArrayList<>();
            long endOffset = segments.first().baseOffset();
            for (LogSegment segment : segments.inactive()) {
                LogSegment next = segments.higher(segment.baseOffset());
                if (next.baseOffset() > highWatermark) {
                    break;
                }
                cleanable.add(segment);
                endOffset = next.baseOffset();
            }
            if (cleanable.isEmpty()) {
                return Optional.empty();
            }
            long firstDirty = cleanerCheckpoint;
            if (firstDirty < cleanable.get(0).baseOffset() || firstDirty > logEndOffset) {
                firstDirty = cleanable.get(0).baseOffset();
            }
            return Optional.of(new CleanableSegments(topicPartition, dir, current, List.copyOf(cleanable), endOffset,
                    firstDirty, tombstoneHorizonMs, producerState.lastBatchOffsets(), segmentsVersion));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps cleaned segments, written beside the log with the {@code .cleaned} suffix, in for the segments they
     * replace. On disk: each is renamed to {@code .swap}, oldest first (the commit point: recovery finishes a swap
     * from there), the directory is synced, the replaced segments' files are deleted and the cleaned ones take
     * the final names. In memory the new segments replace the old ones at once; the old ones keep their channel
     * open for the grace period, as deleted segments do.
     *
     * @return false, with nothing changed, when the log was closed or its closed segments changed since
     *         {@code range} was taken: the caller deletes the cleaned files
     */
    boolean replaceSegments(CleanableSegments range, List<CleanedSegment> cleaned, long cleanedUpTo,
                            long nextTombstoneHorizonMs, SwapHook hook) {
        lock.lock();
        try {
            if (closed || segmentsVersion != range.version()) {
                return false;
            }
            hook.reached(SwapHook.Step.CLEANED_WRITTEN);
            commitSwap(cleaned);
            hook.reached(SwapHook.Step.SWAP_COMMITTED);
            long nowMs = clock.millis();
            for (CleanedSegment segment : cleaned) {
                segment.replaces().forEach(segments::remove);
                segments.add(segment.segment());
            }
            segmentsVersion++;
            cleanerCheckpoint = cleanedUpTo;
            tombstoneHorizonMs = nextTombstoneHorizonMs;
            try {
                for (CleanedSegment segment : cleaned) {
                    segment.replaces().forEach(old -> retireSegment(old, nowMs));
                }
                hook.reached(SwapHook.Step.ORIGINALS_DELETED);
                for (CleanedSegment segment : cleaned) {
                    segment.segment().changeFileSuffix(LogFileNames.SWAP_SUFFIX, "");
                }
                StorageErrors.run("flushing directory", dir, () -> Utils.flushDir(dir));
            } catch (RuntimeException e) {
                cleaningDisabled = true;
                LOG.error("Finishing the swap of cleaned segments of {} failed; its files are left for recovery at the "
                        + "next start and it is not cleaned until then", topicPartition, e);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Renames every cleaned segment to {@code .swap}, oldest first; on failure, back to {@code .cleaned} as far as possible. */
    private void commitSwap(List<CleanedSegment> cleaned) {
        List<LogSegment> committed = new ArrayList<>();
        try {
            for (CleanedSegment segment : cleaned) {
                segment.segment().changeFileSuffix(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
                committed.add(segment.segment());
            }
            StorageErrors.run("flushing directory", dir, () -> Utils.flushDir(dir));
        } catch (KafkaStorageException e) {
            for (LogSegment segment : committed) {
                try {
                    segment.changeFileSuffix(LogFileNames.SWAP_SUFFIX, LogFileNames.CLEANED_SUFFIX);
                } catch (KafkaStorageException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
    }

    private void releaseDeletedSegments(long nowMs) {
        deletedSegments.removeIf(deleted -> {
            if (nowMs - deleted.deletedAtMs() < DELETED_CHANNEL_GRACE_MS) {
                return false;
            }
            deleted.segment().closeChannel();
            return true;
        });
    }

    /** Fsyncs every segment if {@code flush.ms} has passed since the last flush and something is unflushed. */
    public void flushIfDue(long nowMs) {
        lock.lock();
        try {
            ensureOpen();
            releaseDeletedSegments(nowMs);
            if (recoveryPoint < logEndOffset && nowMs - lastFlushMs >= config.flushMs()) {
                flushLocked(nowMs);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fsyncs the unflushed segments and moves the recovery point to the log end offset. */
    public void flush() {
        lock.lock();
        try {
            ensureOpen();
            flushLocked(clock.millis());
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked(long nowMs) {
        for (LogSegment segment : segments.from(recoveryPoint)) {
            segment.flush();
        }
        recoveryPoint = logEndOffset;
        unflushedRecords = 0;
        lastFlushMs = nowMs;
    }

    /**
     * Removes every batch from the one holding {@code offset} on (a follower does this before it fetches from a
     * new leader). Below the first segment, the log is emptied and restarts at {@code offset}.
     */
    public void truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot truncate " + topicPartition + " to negative offset " + offset);
        }
        lock.lock();
        try {
            ensureOpen();
            if (offset >= logEndOffset) {
                return;
            }
            long nowMs = clock.millis();
            if (offset < segments.first().baseOffset()) {
                for (LogSegment segment : new ArrayList<>(segments.all())) {
                    removeSegment(segment, nowMs);
                }
                segments.add(LogSegment.open(dir, offset, config, nowMs));
                logStartOffset = offset;
            } else {
                for (LogSegment segment : segments.from(offset)) {
                    if (segment.baseOffset() > offset) {
                        removeSegment(segment, nowMs);
                    }
                }
                segments.active().truncateTo(offset, nowMs);
                segments.active().becomeActive(config.segmentIndexBytes());
            }
            logEndOffset = segments.active().readNextOffset();
            highWatermark = Math.min(highWatermark, logEndOffset);
            recoveryPoint = Math.min(recoveryPoint, logEndOffset);
            logStartOffset = Math.min(logStartOffset, logEndOffset);
            segmentsVersion++;
            cleanerCheckpoint = Math.min(cleanerCheckpoint, logEndOffset);
            producerState.deleteSnapshotsAbove(logEndOffset);
            LogRecovery.rebuildProducerState(segments, producerState, logEndOffset);
            LOG.info("Truncated {} to offset {}", topicPartition, logEndOffset);
        } finally {
            lock.unlock();
        }
    }

    /** Flushes, snapshots the producer state at the log end offset and closes every file. */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            flushLocked(clock.millis());
            producerState.takeSnapshot(logEndOffset);
            closeFiles();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the log and removes its directory; a crash half-way leaves a {@code -delete} directory for startup to finish. */
    public void delete() {
        lock.lock();
        try {
            if (!closed) {
                closeFiles();
            }
            Path renamed = dir.resolveSibling(LogFileNames.deleteDirName(dir.getFileName().toString()));
            StorageErrors.run("deleting", dir, () -> {
                if (Files.exists(dir)) {
                    Utils.atomicMoveWithFallback(dir, renamed);
                    Utils.delete(renamed.toFile());
                }
            });
            LOG.info("Deleted log {}", topicPartition);
        } finally {
            lock.unlock();
        }
    }

    private void closeFiles() {
        closed = true;
        for (LogSegment segment : segments.all()) {
            segment.close();
        }
        for (DeletedSegment deleted : deletedSegments) {
            deleted.segment().closeChannel();
        }
        deletedSegments.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("Log of " + topicPartition + " in " + dir + " is closed");
        }
    }

    /**
     * Drops the producers that have not appended for {@code expirationMs} ({@code producer.id.expiration.ms}).
     *
     * @return how many were dropped
     */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        lock.lock();
        try {
            return producerState.removeExpired(nowMs, expirationMs);
        } finally {
            lock.unlock();
        }
    }

    /** For tests: the producer state this log keeps. */
    Optional<ProducerStateEntry> producerState(long producerId) {
        lock.lock();
        try {
            return producerState.producer(producerId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", " + dir + ")";
    }
}

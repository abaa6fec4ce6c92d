package io.tributary.broker.log;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: its files and offsets ({@link LocalLog}), its producer state, and the one lock that
 * orders every change. Thread-safe.
 *
 * <p>Offsets: {@code logStartOffset <= highWatermark <= logEndOffset}, and {@code recoveryPoint <= logEndOffset}
 * marks what has been fsynced. Appends advance the log end offset only; the caller (the partition's leader
 * logic) moves the high watermark, which reads never pass. After loading, the high watermark is the
 * checkpointed one: a leader with no followers should raise it to {@link #logEndOffset()}.
 *
 * <p>Threads: appends, rolls, retention, truncation and the cleaner's swap take the lock; reads do not (see
 * {@link LocalLog}), nor do fsyncs ({@link LogFlusher}). The other parts of the log's life have their classes:
 * {@link LogRetention}, {@link CleanerSwap}, {@link LogTruncation}, {@link TimestampSearch}, {@link LogRecovery}.
 *
 * <p>Error handling: every operation runs through its directory's failure funnel ({@link LogDirectory#guard}): an
 * I/O failure surfaces as {@link KafkaStorageException} naming the file, the operation that met it is not
 * acknowledged, and the directory goes offline, so that nothing is appended after what the failure left on disk.
 */
public final class PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final LocalLog local;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ProducerStateManager producerState;
    private final LogFlusher flusher;
    private final CleanerSwap cleanerSwap;

    private PartitionLog(LocalLog local, Clock clock, ProducerStateManager producerState) {
        this.local = local;
        this.clock = clock;
        this.producerState = producerState;
        this.flusher = new LogFlusher(local, lock, clock.millis());
        this.cleanerSwap = new CleanerSwap(local);
    }

    /**
     * Opens the partition directory {@code dir} as a log of a directory of its own, outside any {@link LogManager},
     * creating it if missing, recovering it if the checkpoints say it was not closed cleanly.
     */
    public static PartitionLog open(Path dir, String topic, int partition, LogConfig config, Clock clock, LogCheckpoints checkpoints) {
        return open(new LogDirectory(dir.getParent(), StorageIo.DEFAULT), dir, topic, partition, config, clock, checkpoints);
    }

    /**
     * Opens the partition's directory in {@code logDirectory}, creating it if missing, recovering it if the
     * checkpoints say it was not closed cleanly.
     */
    public static PartitionLog open(LogDirectory logDirectory, String topic, int partition, LogConfig config, Clock clock,
                                    LogCheckpoints checkpoints) {
        Path dir = logDirectory.path().resolve(LogFileNames.partitionDirName(topic, partition));
        return open(logDirectory, dir, topic, partition, config, clock, checkpoints);
    }

    private static PartitionLog open(LogDirectory logDirectory, Path dir, String topic, int partition, LogConfig config,
                                     Clock clock, LogCheckpoints checkpoints) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return logDirectory.guard("loading", tp, () -> {
            ProducerStateManager producerState = new ProducerStateManager(dir, clock);
            LogRecovery.LoadedLog loaded = LogRecovery.load(logDirectory.io(), dir, config, clock.millis(), checkpoints, producerState);
            LocalLog local = new LocalLog(dir, tp, logDirectory, config, loaded, checkpoints.highWatermark());
            LOG.info("Loaded log {} with {} segments, log start offset {}, log end offset {}", tp,
                    loaded.segments().count(), loaded.logStartOffset(), loaded.logEndOffset());
            return new PartitionLog(local, clock, producerState);
        });
    }

    public TopicPartition topicPartition() {
        return local.topicPartition();
    }

    public String topic() {
        return topicPartition().topic();
    }

    public int partition() {
        return topicPartition().partition();
    }

    public Path dir() {
        return local.dir();
    }

    public LogDirectory logDirectory() {
        return local.logDirectory();
    }

    /** Whether the log's directory still serves; an offline one answers every operation with KAFKA_STORAGE_ERROR. */
    public boolean isOnline() {
        return local.logDirectory().isOnline();
    }

    public LogConfig config() {
        return local.config();
    }

    /** Applies to the next append, roll and retention check; existing segments keep their index size. */
    public void updateConfig(LogConfig newConfig) {
        local.updateConfig(newConfig);
    }

    /**
     * Validates, assigns offsets to and appends the batches of a produce request. It returns once they are written,
     * and synced too when {@code flush.messages} asks for it.
     *
     * @param leaderEpoch stamped on every batch, for followers to find where logs diverge
     * @throws org.apache.kafka.common.InvalidRecordException            for a batch that is not magic v2 or malformed
     * @throws org.apache.kafka.common.errors.CorruptRecordException     for a CRC mismatch
     * @throws org.apache.kafka.common.errors.RecordTooLargeException    for a batch over {@code max.message.bytes}
     * @throws org.apache.kafka.common.errors.OutOfOrderSequenceException for a sequence gap of an idempotent producer
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException for a fenced producer epoch
     * @throws KafkaStorageException                                      if the log's directory is or goes offline
     */
    public AppendResult append(MemoryRecords records, int leaderEpoch) {
        LogConfig current = local.config();
        RecordBatchValidator.validate(records, current, topicPartition().toString());
        return guard("appending to", () -> {
            LogFlusher.Request[] flushes = new LogFlusher.Request[2];
            AppendResult appended = locked(() -> appendLocked(records, leaderEpoch, current, flushes));
            for (LogFlusher.Request flush : flushes) {
                if (flush != null) {
                    flusher.flush(flush);
                }
            }
            return appended;
        });
    }

    /** @param flushes filled with what to sync once the lock is released: after a roll, and for {@code flush.messages} */
    private AppendResult appendLocked(MemoryRecords records, int leaderEpoch, LogConfig current, LogFlusher.Request[] flushes) {
        local.ensureOpen();
        long nowMs = clock.millis();
        long logAppendTime = current.messageTimestampType() == TimestampType.LOG_APPEND_TIME ? nowMs : RecordBatch.NO_TIMESTAMP;
        long logStartOffset = local.logStartOffset();
        long baseOffset = local.logEndOffset();
        ProducerStateManager.Update update = producerState.begin(logStartOffset == 0);
        OffsetAssigner.Assigned assigned = OffsetAssigner.assign(records, update, baseOffset, logStartOffset, leaderEpoch, logAppendTime);
        if (assigned.duplicate().isPresent()) {
            return assigned.duplicate().get();
        }
        long lastOffset = assigned.nextOffset() - 1;
        if (local.segments().active().shouldRoll(current, records.sizeInBytes(), lastOffset, nowMs)) {
            flushes[0] = rollLocked(nowMs);
        }
        local.appendToActive(lastOffset, records, assigned.nextOffset());
        producerState.commit(update);
        flushes[1] = flusher.appended(assigned.recordCount(), assigned.nextOffset(), nowMs);
        return new AppendResult(baseOffset, lastOffset, logAppendTime, logStartOffset, false, assigned.recordCount());
    }

    /**
     * Reads whole batches from {@code fetchOffset} on, from one segment, without the log's lock.
     *
     * @param maxBytes           most bytes to return, unless {@code minOneMessage} lets the first batch exceed it
     * @param maxOffsetExclusive no batch holding this offset or a later one is returned (the high watermark for
     *                           consumers, the log end offset for followers)
     * @throws OffsetOutOfRangeException if {@code fetchOffset} is below the log start or above the log end offset
     */
    public ReadResult read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        return guard("reading", () -> local.read(fetchOffset, maxBytes, maxOffsetExclusive, minOneMessage));
    }

    public long highWatermark() {
        return local.highWatermark().offset();
    }

    /** The high watermark with its position when it is at the log end: what a waiting fetch compares. */
    public LogOffsetMetadata highWatermarkMetadata() {
        return local.highWatermark();
    }

    /**
     * Moves the high watermark forward, never past the log end offset.
     *
     * @return the high watermark now
     */
    public long updateHighWatermark(long newHighWatermark) {
        return locked(() -> local.advanceHighWatermark(newHighWatermark));
    }

    public long logStartOffset() {
        return local.logStartOffset();
    }

    public long logEndOffset() {
        return local.logEndOffset();
    }

    /** The log end offset with its segment and position: what a waiting follower fetch compares. */
    public LogOffsetMetadata logEndOffsetMetadata() {
        return local.logEnd();
    }

    /** Every offset below it is fsynced. */
    public long recoveryPoint() {
        return local.recoveryPoint();
    }

    /** Bytes in all segments. */
    public long size() {
        return local.segments().sizeInBytes();
    }

    public int numberOfSegments() {
        return local.segments().count();
    }

    /** The first record at or above the log start whose timestamp is at least {@code timestamp} (ListOffsets). */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        return guard("searching by time", () -> locked(() -> TimestampSearch.offsetForTimestamp(local, timestamp)));
    }

    /** The first record with the largest timestamp in the log (ListOffsets MAX_TIMESTAMP), empty if none. */
    public Optional<TimestampOffset> maxTimestampAndOffset() {
        return guard("searching by time", () -> locked(() -> TimestampSearch.maxTimestampAndOffset(local)));
    }

    /** Starts a new active segment at the log end offset, unless the active one is empty. */
    public void roll() {
        rollIf(clock.millis(), active -> true);
    }

    /**
     * Rolls the active segment if it is older than {@code segment.ms} by its first batch's timestamp.
     *
     * @return whether it rolled
     */
    public boolean maybeRoll(long nowMs) {
        return rollIf(nowMs, active -> active.isOlderThan(local.config().segmentMs(), nowMs));
    }

    private boolean rollIf(long nowMs, Predicate<LogSegment> due) {
        return guard("rolling", () -> {
            LogFlusher.Request flush = locked(() -> {
                local.ensureOpen();
                return due.test(local.segments().active()) ? rollLocked(nowMs) : LogFlusher.Request.NONE;
            });
            flusher.flush(flush);
            return flush != LogFlusher.Request.NONE;
        });
    }

    /** Rolls under the lock; the old segment, the snapshot and the directory are synced once it is released. */
    private LogFlusher.Request rollLocked(long nowMs) {
        if (local.segments().active().size() == 0) {
            return LogFlusher.Request.NONE;
        }
        long newBase = local.logEndOffset();
        local.roll(nowMs);
        Path snapshot = producerState.takeSnapshot(newBase, false);
        LOG.debug("Rolled {} to a new segment at offset {}", topicPartition(), newBase);
        return LogFlusher.Request.roll(newBase, snapshot);
    }

    /**
     * Deletes the oldest closed segments whose largest timestamp is older than {@code retention.ms}.
     *
     * @return the number of segments deleted
     */
    public int deleteRetentionMsBreachedSegments(long nowMs) {
        return guard("deleting old segments of", () -> locked(() -> LogRetention.deleteRetentionMsBreached(local, producerState, nowMs)));
    }

    /**
     * Deletes the oldest closed segments while the log stays at least {@code retention.bytes} without them.
     *
     * @return the number of segments deleted
     */
    public int deleteRetentionSizeBreachedSegments() {
        return guard("deleting old segments of",
                () -> locked(() -> LogRetention.deleteRetentionSizeBreached(local, producerState, clock.millis())));
    }

    long cleanerCheckpoint() {
        return cleanerSwap.cleanerCheckpoint();
    }

    /** Restores the cleaner checkpoint read from the log directory at startup. */
    void initCleanerCheckpoint(long offset) {
        cleanerSwap.initCleanerCheckpoint(offset);
    }

    /** @see CleanerSwap#cleanableSegments */
    Optional<CleanableSegments> cleanableSegments() {
        return isOnline() ? locked(() -> cleanerSwap.cleanableSegments(producerState)) : Optional.empty();
    }

    /** @see CleanerSwap#replaceSegments */
    boolean replaceSegments(CleanableSegments range, List<CleanedSegment> cleaned, long cleanedUpTo,
                            long nextTombstoneHorizonMs, SwapHook hook) {
        return guard("swapping cleaned segments into", () -> locked(() -> cleanerSwap.replaceSegments(range, cleaned,
                cleanedUpTo, nextTombstoneHorizonMs, hook, clock.millis())));
    }

    /** Fsyncs every segment if {@code flush.ms} has passed since the last flush and something is unflushed. */
    public void flushIfDue(long nowMs) {
        guard("flushing", () -> flusher.flush(locked(() -> {
            local.ensureOpen();
            local.releaseRetiredSegments(nowMs);
            return flusher.ifDue(nowMs);
        })));
    }

    /** Fsyncs the unflushed segments and moves the recovery point to the log end offset. */
    public void flush() {
        guard("flushing", () -> flusher.flush(locked(() -> {
            local.ensureOpen();
            return flusher.all(local.logEndOffset(), clock.millis());
        })));
    }

    /**
     * Removes every batch from the one holding {@code offset} on (a follower does this before it fetches from a
     * new leader). Below the first segment, the log is emptied and restarts at {@code offset}.
     */
    public void truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot truncate " + topicPartition() + " to negative offset " + offset);
        }
        guard("truncating", () -> underLock(() -> LogTruncation.truncateTo(local, producerState, cleanerSwap, offset, clock.millis())));
    }

    /**
     * Flushes, snapshots the producer state at the log end offset and closes every file. A log whose directory is
     * offline only releases its files: nothing is written there again.
     */
    public void close() {
        underLock(() -> {
            if (local.isClosed()) {
                return;
            }
            if (!isOnline()) {
                local.closeHandles();
                return;
            }
            guard("closing", () -> {
                flusher.flush(flusher.all(local.logEndOffset(), clock.millis()));
                producerState.takeSnapshot(local.logEndOffset(), true);
                local.close();
            });
        });
    }

    /**
     * Closes the log and removes its directory; a crash half-way leaves a {@code -delete} directory for startup to
     * finish. In an offline directory the files are only released, and the next start removes them.
     */
    public void delete() {
        underLock(local::delete);
    }

    /** Runs {@code body} through the failure funnel of this log's directory: I/O failures take it offline. */
    <T> T guard(String action, Supplier<T> body) {
        return local.logDirectory().guard(action, topicPartition(), body);
    }

    private void guard(String action, Runnable body) {
        local.logDirectory().guard(action, topicPartition(), body);
    }

    private <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private void underLock(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Drops the producers that have not appended for {@code expirationMs} ({@code producer.id.expiration.ms}).
     *
     * @return how many were dropped
     */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        return guard("expiring producers of", () -> locked(() -> producerState.removeExpired(nowMs, expirationMs)));
    }

    /** For tests: the producer state this log keeps. */
    Optional<ProducerStateEntry> producerState(long producerId) {
        return locked(() -> producerState.producer(producerId));
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition() + ", " + dir() + ")";
    }
}

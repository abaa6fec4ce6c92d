package io.tributary.broker.log;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
    private final LeaderEpochCache epochs;

    private PartitionLog(LocalLog local, Clock clock, ProducerStateManager producerState, LeaderEpochCache epochs) {
        this.local = local;
        this.clock = clock;
        this.producerState = producerState;
        this.epochs = epochs;
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
            LeaderEpochCache epochs = LeaderEpochCache.load(tp, dir, logDirectory.io(), loaded.segments(),
                    loaded.logStartOffset(), loaded.logEndOffset());
            LOG.info("Loaded log {} with {} segments, log start offset {}, log end offset {}, latest leader epoch {}", tp,
                    loaded.segments().count(), loaded.logStartOffset(), loaded.logEndOffset(),
                    epochs.latestEpoch().isPresent() ? epochs.latestEpoch().getAsInt() : "none");
            return new PartitionLog(local, clock, producerState, epochs);
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
        epochs.assign(leaderEpoch, baseOffset);
        local.appendToActive(lastOffset, records, assigned.nextOffset());
        producerState.commit(update);
        flushes[1] = flusher.appended(assigned.recordCount(), assigned.nextOffset(), nowMs);
        return new AppendResult(baseOffset, lastOffset, logAppendTime, logStartOffset, false, assigned.recordCount());
    }

    /**
     * Appends batches copied from the leader as they are: their offsets, leader epochs and bytes unchanged. The producer
     * state and the leader epoch cache follow the batches. Batches may start above the log end offset (the leader's
     * log was compacted there), never below it. A partial batch at the end, as a read cut at its size limit leaves,
     * is not appended: the next fetch gets it whole.
     *
     * @throws UnexpectedAppendOffsetException if the first batch starts below the log end offset
     * @throws org.apache.kafka.common.InvalidRecordException        for a batch that is not magic v2, or offsets that go back
     * @throws org.apache.kafka.common.errors.CorruptRecordException for a CRC mismatch or a partial batch
     * @throws KafkaStorageException                                 if the log's directory is or goes offline
     */
    public AppendResult appendAsFollower(MemoryRecords fetched) {
        LogConfig current = local.config();
        ReplicatedBatches batches = ReplicatedBatches.of(fetched, current, topicPartition().toString());
        return guard("appending replicated records to", () -> {
            LogFlusher.Request[] flushes = new LogFlusher.Request[2];
            AppendResult appended = locked(() -> appendAsFollowerLocked(batches, current, flushes));
            for (LogFlusher.Request flush : flushes) {
                if (flush != null) {
                    flusher.flush(flush);
                }
            }
            return appended;
        });
    }

    private AppendResult appendAsFollowerLocked(ReplicatedBatches batches, LogConfig current, LogFlusher.Request[] flushes) {
        local.ensureOpen();
        long nowMs = clock.millis();
        batches.checkStartsAtOrAbove(local.logEndOffset(), topicPartition());
        MemoryRecords records = batches.records();
        long lastOffset = batches.lastOffset();
        if (local.segments().active().shouldRoll(current, records.sizeInBytes(), lastOffset, nowMs)) {
            flushes[0] = rollLocked(nowMs);
        }
        for (RecordBatch batch : records.batches()) {
            epochs.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
        }
        local.appendToActive(lastOffset, records, lastOffset + 1);
        for (RecordBatch batch : records.batches()) {
            producerState.replay(batch);
        }
        flushes[1] = flusher.appended(batches.recordCount(), lastOffset + 1, nowMs);
        return new AppendResult(batches.firstOffset(), lastOffset, RecordBatch.NO_TIMESTAMP, local.logStartOffset(), false,
                batches.recordCount());
    }

    /**
     * A new leader's first act: its epoch starts at its log end offset, whether or not it appends, so that followers
     * asking where their epochs end get the offset this leader took over at.
     */
    public void assignEpochStartOffset(int leaderEpoch, long startOffset) {
        guard("recording the leader epoch of", () -> underLock(() -> epochs.assign(leaderEpoch, startOffset)));
    }

    /** The latest leader epoch that wrote to (or took over) this log; empty if none did. */
    public OptionalInt latestEpoch() {
        return epochs.latestEpoch();
    }

    /** The leader epoch of the batch holding {@code offset}, as the epoch cache knows it. */
    public OptionalInt epochForOffset(long offset) {
        return epochs.epochForOffset(offset);
    }

    /** Where {@code leaderEpoch} ends in this log, with Kafka's semantics (see {@link LeaderEpochCache#endOffsetFor}). */
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return epochs.endOffsetFor(leaderEpoch, local.logEndOffset());
    }

    /** For tests and diagnostics: the epoch entries, oldest first. */
    List<EpochEntry> epochEntries() {
        return epochs.entries();
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

    /**
     * A follower's log start follows its leader's: raised to {@code leaderLogStartOffset}, but never past this log's
     * own high watermark; the segments wholly below it go.
     *
     * @return the log start offset afterwards
     */
    public long maybeIncrementLogStartOffset(long leaderLogStartOffset) {
        return guard("moving the log start offset of", () -> locked(() -> {
            long target = Math.min(leaderLogStartOffset, local.highWatermark().offset());
            if (target <= local.logStartOffset()) {
                return local.logStartOffset();
            }
            long start = LogRetention.deleteRecordsBefore(local, producerState, target, clock.millis());
            epochs.truncateFromStart(start);
            return start;
        }));
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
        return guard("deleting old segments of", () -> locked(() -> trimmingEpochs(
                LogRetention.deleteRetentionMsBreached(local, producerState, nowMs))));
    }

    /**
     * Deletes the oldest closed segments while the log stays at least {@code retention.bytes} without them.
     *
     * @return the number of segments deleted
     */
    public int deleteRetentionSizeBreachedSegments() {
        return guard("deleting old segments of",
                () -> locked(() -> trimmingEpochs(LogRetention.deleteRetentionSizeBreached(local, producerState, clock.millis()))));
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset}, so no record below it is served any more,
     * and deletes the segments wholly below it. An offset at or below the log start offset changes nothing.
     *
     * @return the log start offset afterwards (the partition's low watermark)
     * @throws OffsetOutOfRangeException if {@code offset} is negative or above the high watermark
     */
    public long deleteRecordsBefore(long offset) {
        return guard("deleting records of",
                () -> locked(() -> trimmingEpochs(LogRetention.deleteRecordsBefore(local, producerState, offset, clock.millis()))));
    }

    /** After the log start may have moved: epochs wholly below it go. Returns {@code result}. */
    private <T> T trimmingEpochs(T result) {
        epochs.truncateFromStart(local.logStartOffset());
        return result;
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
        guard("truncating", () -> underLock(() -> {
            LogTruncation.truncateTo(local, producerState, cleanerSwap, offset, clock.millis());
            epochs.truncateFromEnd(local.logEndOffset());
        }));
    }

    /**
     * Empties the log and restarts it at {@code offset}, above or below its end: a follower whose log ends below its
     * leader's log start does this, as nothing it holds is worth keeping.
     */
    public void truncateFullyAndStartAt(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot restart " + topicPartition() + " at negative offset " + offset);
        }
        guard("truncating", () -> underLock(() -> {
            LogTruncation.truncateFullyAndStartAt(local, producerState, cleanerSwap, offset, clock.millis());
            epochs.clear();
        }));
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

package io.tributary.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of a partition: the {@code .log} file of record batches starting at {@link #baseOffset()}, with
 * its offset and time indexes. Changes are not thread-safe: {@link PartitionLog} holds its lock for them. Reads
 * ({@link #read}, {@link #translateOffset}, {@link #size}) run concurrently with an append without a lock: the file's
 * size grows only once a batch is wholly written, and the offset index publishes an entry only once it is written.
 *
 * <p>Error handling: an append that fails leaves the file as it was before it, cut back to its last whole batch
 * (a full disk leaves part of a batch written), so that no torn bytes lie under a later append.
 */
final class LogSegment {

    private static final Logger LOG = LoggerFactory.getLogger(LogSegment.class);

    private final long baseOffset;
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private final StorageIo io;
    private long createdMs;
    private int bytesSinceLastIndexEntry;
    private long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
    /** An offset inside the batch that first reached {@link #maxTimestampSoFar}. */
    private long offsetOfMaxTimestampSoFar;
    /** Loading the maximum reads the log after the last time index entry, so segments loaded from disk defer it. */
    private boolean maxTimestampLoaded;
    /** The first batch's timestamp, which segment.ms counts from; read lazily for segments loaded from disk. */
    private Long rollingBasedTimestamp;

    private LogSegment(long baseOffset, FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       int indexIntervalBytes, StorageIo io, long createdMs) {
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.io = io;
        this.createdMs = createdMs;
        this.offsetOfMaxTimestampSoFar = baseOffset;
    }

    /** Opens the segment's files, creating any that are missing, to be written through {@code io}. */
    static LogSegment open(StorageIo io, Path dir, long baseOffset, LogConfig config, long nowMs) {
        return open(io, dir, baseOffset, config, nowMs, "");
    }

    /**
     * Opens, creating any that are missing, the segment files whose names carry {@code fileSuffix} after the usual
     * ones ({@link LogFileNames#CLEANED_SUFFIX} for a segment the cleaner writes).
     */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, long nowMs, String fileSuffix) {
        return open(StorageIo.DEFAULT, dir, baseOffset, config, nowMs, fileSuffix);
    }

    private static LogSegment open(StorageIo io, Path dir, long baseOffset, LogConfig config, long nowMs, String fileSuffix) {
        Path logFile = LogFileNames.withSuffix(LogFileNames.logFile(dir, baseOffset), fileSuffix);
        FileRecords records = StorageErrors.call("opening log segment", logFile, () -> FileRecords.open(logFile.toFile()));
        OffsetIndex offsetIndex = new OffsetIndex(LogFileNames.withSuffix(LogFileNames.offsetIndexFile(dir, baseOffset), fileSuffix),
                baseOffset, config.segmentIndexBytes(), io);
        TimeIndex timeIndex = new TimeIndex(LogFileNames.withSuffix(LogFileNames.timeIndexFile(dir, baseOffset), fileSuffix),
                baseOffset, config.segmentIndexBytes(), io);
        return new LogSegment(baseOffset, records, offsetIndex, timeIndex, config.indexIntervalBytes(), io, nowMs);
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return log.sizeInBytes();
    }

    Path file() {
        return log.file().toPath();
    }

    FileRecords records() {
        return log;
    }

    /**
     * Appends batches whose offsets are already assigned.
     *
     * @param largestOffset the last offset of the last batch, which must fit the 32-bit relative offsets
     */
    void append(long largestOffset, MemoryRecords records) {
        if (records.sizeInBytes() == 0) {
            return;
        }
        if (!canHoldOffset(largestOffset)) {
            throw new IllegalStateException("Offset " + largestOffset + " does not fit segment " + file());
        }
        int position = log.sizeInBytes();
        int offsetEntries = offsetIndex.entries();
        int timeEntries = timeIndex.entries();
        try {
            StorageErrors.run("appending to", file(), () -> io.append(log, records));
            int batchPosition = position;
            for (RecordBatch batch : records.batches()) {
                indexBatch(batch, batchPosition);
                batchPosition += batch.sizeInBytes();
            }
        } catch (RuntimeException e) {
            // the directory goes offline with this failure: what is rolled back is what a reader or the next start sees
            offsetIndex.truncateToEntries(offsetEntries);
            timeIndex.truncateToEntries(timeEntries);
            try {
                log.truncateTo(position);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    boolean canHoldOffset(long offset) {
        long relative = offset - baseOffset;
        return relative >= 0 && relative <= Integer.MAX_VALUE;
    }

    private void indexBatch(RecordBatch batch, int position) {
        loadLargestTimestamp();
        if (rollingBasedTimestamp == null && position == 0) {
            rollingBasedTimestamp = batch.maxTimestamp();
        }
        if (batch.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = batch.maxTimestamp();
            offsetOfMaxTimestampSoFar = batch.lastOffset();
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(batch.lastOffset(), position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
    }

    /**
     * The batch holding {@code offset} (the first whose last offset is at least {@code offset}), scanning from
     * the index entry below it and from {@code startingPosition}, or null when this segment ends before it.
     */
    LogOffsetPosition translateOffset(long offset, int startingPosition) {
        int position = Math.max(startingPosition, offsetIndex.lookup(offset).position());
        return log.searchForOffsetFromPosition(offset, position);
    }

    /**
     * Reads from the batch holding {@code startOffset}.
     *
     * @param maxSize     most bytes to return, unless {@code minOneMessage} and the first batch is larger
     * @param maxPosition byte position in this segment not to read past (a batch boundary)
     * @return the slice, empty when nothing may be returned, or null when this segment ends before {@code startOffset}
     */
    Records read(long startOffset, int maxSize, long maxPosition, boolean minOneMessage) {
        LogOffsetPosition start = translateOffset(startOffset, 0);
        if (start == null) {
            return null;
        }
        int adjustedMaxSize = minOneMessage ? Math.max(maxSize, start.size) : maxSize;
        long fetchSize = Math.min(maxPosition - start.position, adjustedMaxSize);
        if (fetchSize <= 0) {
            return MemoryRecords.EMPTY;
        }
        return log.slice(start.position, (int) fetchSize);
    }

    /** The first record at or after {@code startingOffset} with a timestamp at least {@code timestamp}. */
    Optional<FileRecords.TimestampAndOffset> findOffsetByTimestamp(long timestamp, long startingOffset) {
        TimeIndex.TimestampOffset entry = timeIndex.lookup(timestamp);
        int position = offsetIndex.lookup(Math.max(entry.offset(), startingOffset)).position();
        return Optional.ofNullable(log.searchForTimestamp(timestamp, position, startingOffset, Records.SOFT_MAX_ARRAY_LENGTH));
    }

    long maxTimestampSoFar() {
        loadLargestTimestamp();
        return maxTimestampSoFar;
    }

    long offsetOfMaxTimestampSoFar() {
        loadLargestTimestamp();
        return offsetOfMaxTimestampSoFar;
    }

    /** What time-based retention compares with: the largest timestamp, else the file's modification time. */
    long largestTimestamp() {
        if (maxTimestampSoFar() >= 0) {
            return maxTimestampSoFar;
        }
        return StorageErrors.call("reading modification time of", file(), () -> Files.getLastModifiedTime(file()).toMillis());
    }

    /** The offset after this segment's last batch, found from the last index entry with a short scan. */
    long readNextOffset() {
        long next = baseOffset;
        for (FileChannelRecordBatch batch : log.batchesFrom(offsetIndex.lastEntry().position())) {
            next = batch.nextOffset();
        }
        return next;
    }

    /**
     * Whether the next append of {@code incomingBytes} ending at {@code lastIncomingOffset} must go to a new
     * segment: size, age by the first batch's timestamp, a full index, or offsets too far from the base.
     */
    boolean shouldRoll(LogConfig config, int incomingBytes, long lastIncomingOffset, long nowMs) {
        if (size() == 0) {
            return false;
        }
        return size() > (long) config.segmentBytes() - incomingBytes
                || isOlderThan(config.segmentMs(), nowMs)
                || offsetIndex.isFull()
                || timeIndex.isFull()
                || !canHoldOffset(lastIncomingOffset);
    }

    boolean isOlderThan(long segmentMs, long nowMs) {
        return size() > 0 && nowMs - rollingBasedTimestamp() > segmentMs;
    }

    private long rollingBasedTimestamp() {
        if (rollingBasedTimestamp == null) {
            Iterator<FileChannelRecordBatch> batches = log.batches().iterator();
            rollingBasedTimestamp = batches.hasNext() ? batches.next().maxTimestamp() : RecordBatch.NO_TIMESTAMP;
        }
        return rollingBasedTimestamp >= 0 ? rollingBasedTimestamp : createdMs;
    }

    /** Whether the indexes look like this class wrote them; a crash can leave them padded or half-written. */
    boolean indexesAreConsistent() {
        return offsetIndex.isConsistent()
                && timeIndex.isConsistent()
                && offsetIndex.lastEntry().position() <= size()
                && timeIndex.lastEntry().offset() >= baseOffset;
    }

    /**
     * Re-validates every batch (size, magic v2, CRC, offsets increasing within the segment), truncates the file
     * at the first invalid one and rebuilds both indexes from what remains.
     *
     * @return the number of bytes truncated
     */
    int recover() {
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        maxTimestampLoaded = true;
        rollingBasedTimestamp = null;
        int validBytes = 0;
        long nextOffset = baseOffset;
        Iterator<FileChannelRecordBatch> batches = log.batches().iterator();
        try {
            while (batches.hasNext()) {
                FileChannelRecordBatch batch = batches.next();
                String problem = problemWith(batch, nextOffset);
                if (problem != null) {
                    LOG.warn("Truncating {} at position {}: {}", file(), validBytes, problem);
                    break;
                }
                indexBatch(batch, validBytes);
                validBytes += batch.sizeInBytes();
                nextOffset = batch.nextOffset();
            }
        } catch (CorruptRecordException e) {
            LOG.warn("Truncating {} at position {}: {}", file(), validBytes, e.getMessage());
        } catch (KafkaException e) {
            if (!(e.getCause() instanceof IOException io)) {
                throw e;
            }
            throw StorageErrors.wrap("recovering", file(), io);
        }
        int validSize = validBytes;
        int truncated = StorageErrors.call("truncating", file(), () -> log.truncateTo(validSize));
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
        return truncated;
    }

    private String problemWith(FileChannelRecordBatch batch, long expectedAtLeast) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return "magic " + batch.magic() + " where 2 was expected";
        }
        try {
            batch.ensureValid();
        } catch (CorruptRecordException e) {
            return e.getMessage();
        }
        if (batch.baseOffset() < expectedAtLeast || batch.lastOffset() < batch.baseOffset() || !canHoldOffset(batch.lastOffset())) {
            return "offsets " + batch.baseOffset() + ".." + batch.lastOffset() + " do not follow " + (expectedAtLeast - 1);
        }
        return null;
    }

    /**
     * Removes every batch from the one holding {@code offset} on.
     *
     * @return the number of bytes removed
     */
    int truncateTo(long offset, long nowMs) {
        LogOffsetPosition mapping = translateOffset(offset, 0);
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        if (mapping == null) {
            return 0;
        }
        int removed = StorageErrors.call("truncating", file(), () -> log.truncateTo(mapping.position));
        if (size() == 0) {
            createdMs = nowMs;
            rollingBasedTimestamp = null;
        }
        bytesSinceLastIndexEntry = 0;
        maxTimestampLoaded = false;
        return removed;
    }

    /** Brings the in-memory maximum in line with the files: the time index's last entry, then the batches after it. */
    private void loadLargestTimestamp() {
        if (maxTimestampLoaded) {
            return;
        }
        TimeIndex.TimestampOffset last = timeIndex.lastEntry();
        maxTimestampSoFar = last.timestamp();
        offsetOfMaxTimestampSoFar = last.offset();
        for (FileChannelRecordBatch batch : log.batchesFrom(offsetIndex.lookup(last.offset()).position())) {
            if (batch.maxTimestamp() > maxTimestampSoFar) {
                maxTimestampSoFar = batch.maxTimestamp();
                offsetOfMaxTimestampSoFar = batch.lastOffset();
            }
        }
        maxTimestampLoaded = true;
    }

    /** Makes room in the indexes again, for a segment that is the active one. */
    void becomeActive(int maxIndexSize) {
        offsetIndex.resizeToMax(maxIndexSize);
        timeIndex.resizeToMax(maxIndexSize);
    }

    /** Records the final maximum timestamp and gives back preallocated index space. */
    void becomeInactive() {
        loadLargestTimestamp();
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    void flush() {
        StorageErrors.run("flushing", file(), () -> io.flush(log));
        offsetIndex.flush();
        timeIndex.flush();
    }

    void close() {
        loadLargestTimestamp();
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
        offsetIndex.close();
        timeIndex.close();
        StorageErrors.run("closing", file(), log::close);
    }

    /**
     * Removes the segment's files but keeps the log's channel and the index mappings open, so that a read that
     * found this segment before it was removed, or a fetch response still being sent from a slice of it, completes;
     * {@link #closeHandles()} releases them later.
     */
    void deleteFiles() {
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        StorageErrors.run("deleting", file(), () -> Files.deleteIfExists(file()));
    }

    /**
     * Renames the three files from the names ending with {@code oldSuffix} to those ending with {@code newSuffix}
     * (either may be empty), the indexes first and the log last, so that the log's name tells how far a crash let
     * the renaming go. Open handles stay valid.
     */
    void changeFileSuffix(String oldSuffix, String newSuffix) {
        offsetIndex.renameTo(LogFileNames.withSuffix(LogFileNames.withoutSuffix(offsetIndex.file(), oldSuffix), newSuffix));
        timeIndex.renameTo(LogFileNames.withSuffix(LogFileNames.withoutSuffix(timeIndex.file(), oldSuffix), newSuffix));
        Path newLog = LogFileNames.withSuffix(LogFileNames.withoutSuffix(file(), oldSuffix), newSuffix);
        StorageErrors.run("renaming", file(), () -> log.renameTo(newLog.toFile()));
    }

    /** Releases the files without writing to them: for a removed segment, or a log whose directory failed. */
    void closeHandles() {
        offsetIndex.closeHandles();
        timeIndex.closeHandles();
        StorageErrors.run("closing", file(), log::close);
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + size() + ")";
    }
}

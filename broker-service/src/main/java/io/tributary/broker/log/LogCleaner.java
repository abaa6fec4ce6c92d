package io.tributary.broker.log;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.FilterResult;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log compaction for logs with {@code cleanup.policy} containing {@code compact}: keeps the latest record of each
 * key in the closed segments below the high watermark. The active segment is never touched, offsets never change
 * (a rewritten batch keeps its base and last offset, producer id, epoch, sequence and timestamps), and the log end
 * offset stays where it is.
 *
 * <p>One pass over a log:
 * <ol>
 *   <li>under the log's lock, fix the cleanable segments ({@link PartitionLog#cleanableSegments()});</li>
 *   <li>without the lock, map each key of the dirty part (from the cleaner checkpoint on) to its last offset, until
 *       the key map is full: the pass then cleans only up to the first offset it did not map;</li>
 *   <li>without the lock, rewrite the cleanable segments, grouped so that each output stays within
 *       {@code segment.bytes} and its indexes, into {@code .cleaned} files beside the originals: a record survives
 *       unless a later offset of its key is mapped; a record without a key does not survive (Kafka's rule); a
 *       tombstone survives until {@code delete.retention.ms} after the pass that first kept it, which stamps its
 *       batch with that delete horizon (the batch format's own field);</li>
 *   <li>under the lock, swap them in ({@link PartitionLog#replaceSegments}): renames and an in-memory exchange,
 *       so produce and fetch wait only for that.</li>
 * </ol>
 * The key map ({@link OffsetMap}, filled by {@link DirtyKeyMapper}) holds hashes and offsets in at most
 * {@code log.cleaner.dedupe.buffer.size} bytes. A pass that fills it cleans every segment starting below the first offset not mapped, that one included: there,
 * records from that offset on are kept as they are (a tombstone among them is not removed, since the older records
 * of its key may not be mapped), and the next pass goes on from that offset. The newest batch of each idempotent
 * producer is kept even when emptied, so that the producer's sequence survives a restart.
 *
 * <p>Scheduling is the caller's ({@code log.cleaner.backoff.ms}); passes are serialized.
 *
 * <p>Error handling: an I/O failure or a log closed meanwhile abandons that log's pass, deleting its
 * {@code .cleaned} files; the originals are untouched. A log closed meanwhile is tried again at the next pass; an I/O
 * failure takes the log's directory offline ({@link LogDirectory}), and the cleaner leaves it alone from then on. A crash leaves
 * {@code .cleaned} files (deleted at startup) or {@code .swap} files (the swap is finished at startup), see
 * {@link LogRecovery}.
 */
public final class LogCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);
    private static final int READ_CHUNK_BYTES = 1024 * 1024;

    private final Supplier<Collection<PartitionLog>> logs;
    private final DirtyKeyMapper mapper;
    private volatile SwapHook swapHook = SwapHook.NONE;

    /** @param logs the logs to consider at each pass, e.g. {@link LogManager#all()} */
    public LogCleaner(Supplier<Collection<PartitionLog>> logs) {
        this(logs, CleanerConfig.DEFAULT);
    }

    public LogCleaner(Supplier<Collection<PartitionLog>> logs, CleanerConfig config) {
        this.logs = logs;
        this.mapper = new DirtyKeyMapper(config);
    }

    /** For tests: simulates a crash at a step of the swap. */
    void swapHook(SwapHook hook) {
        this.swapHook = hook;
    }

    /**
     * Cleans every compacted log that has an uncleaned closed segment or tombstones due for removal.
     *
     * @return what each cleaned log went through
     */
    public synchronized List<CleanResult> cleanAll(long nowMs) {
        return cleanWhere(nowMs, range -> range.dirtyBytes() > 0 || range.tombstonesDue(nowMs));
    }

    /**
     * Cleans every compacted log whose dirty share of the cleanable bytes reaches its {@code min.cleanable.dirty.ratio},
     * or that has tombstones due for removal: what the broker runs every {@code log.cleaner.backoff.ms}.
     */
    public synchronized List<CleanResult> cleanIfDirty(long nowMs) {
        return cleanWhere(nowMs, range -> (range.dirtyBytes() > 0 && range.dirtyRatio() >= range.config().minCleanableDirtyRatio())
                || range.tombstonesDue(nowMs));
    }

    /** Cleans one log now if it is compacted and has a closed segment below the high watermark. */
    public synchronized Optional<CleanResult> clean(PartitionLog log, long nowMs) {
        return log.cleanableSegments().flatMap(range -> log.guard("cleaning", () -> clean(log, range, nowMs)));
    }

    private List<CleanResult> cleanWhere(long nowMs, java.util.function.Predicate<CleanableSegments> due) {
        List<CleanResult> results = new ArrayList<>();
        for (PartitionLog log : logs.get()) {
            try {
                Optional<CleanableSegments> range = log.cleanableSegments();
                if (range.isPresent() && due.test(range.get())) {
                    log.guard("cleaning", () -> clean(log, range.get(), nowMs)).ifPresent(results::add);
                }
            } catch (RuntimeException e) {
                LOG.error("Cleaning {} failed; it is retried at the next pass", log.topicPartition(), e);
            }
        }
        return results;
    }

    private Optional<CleanResult> clean(PartitionLog log, CleanableSegments range, long nowMs) {
        DirtyKeyMapper.Mapped mapped = mapper.map(range);
        long mappedUpTo = mapped.upTo();
        List<List<LogSegment>> groups = group(range, mappedUpTo, estimateCleanedBytes(range, mapped));
        Filter filter = new Filter(mapped.map(), mappedUpTo, nowMs, range.config().deleteRetentionMs(), range.producerLastOffsets());
        Buffers buffers = new Buffers();
        List<CleanedSegment> cleaned = new ArrayList<>();
        boolean swapped;
        try {
            for (List<LogSegment> group : groups) {
                LogSegment output = openCleaned(range, group.get(0).baseOffset(), nowMs);
                cleaned.add(new CleanedSegment(output, List.copyOf(group)));
                for (LogSegment source : group) {
                    cleanInto(source, source == group.get(group.size() - 1), output, filter, buffers, range.config());
                }
                output.flush();
                output.becomeInactive();
            }
            swapped = log.replaceSegments(range, cleaned, mappedUpTo, filter.nextHorizonMs, swapHook);
        } catch (RuntimeException e) {
            abandon(cleaned);
            throw e;
        }
        if (!swapped) {
            abandon(cleaned);
            LOG.info("Cleaning of {} abandoned: its segments changed meanwhile", range.topicPartition());
            return Optional.empty();
        }
        int segmentsBefore = groups.stream().mapToInt(List::size).sum();
        CleanResult result = new CleanResult(range.topicPartition(), filter.recordsRead, filter.recordsRetained,
                filter.bytesRead, filter.bytesRetained, segmentsBefore, cleaned.size(), mappedUpTo);
        LOG.info("Cleaned {} up to offset {}: {} of {} records kept, {} of {} bytes, {} segments became {}",
                result.topicPartition(), mappedUpTo, result.recordsRetained(), result.recordsRead(),
                result.bytesRetained(), result.bytesRead(), segmentsBefore, cleaned.size());
        return Optional.of(result);
    }

    /**
     * A generous estimate of what each segment keeps: a segment wholly in the mapped dirty part keeps the records
     * whose offset the map holds, each at worst alone in its batch; any other keeps at most what it has.
     */
    private static long[] estimateCleanedBytes(CleanableSegments range, DirtyKeyMapper.Mapped mapped) {
        List<LogSegment> segments = range.segments();
        long[] recordCounts = mapped.recordCounts();
        long[] bases = segments.stream().mapToLong(LogSegment::baseOffset).toArray();
        long[] survivors = new long[segments.size()];
        mapped.map().forEachOffset(offset -> {
            int i = Arrays.binarySearch(bases, offset);
            survivors[i >= 0 ? i : -i - 2]++;
        });
        long[] estimates = new long[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            long size = segments.get(i).size();
            boolean wholly = bases[i] >= range.firstDirtyOffset() && range.endOf(i) <= mapped.upTo();
            if (!wholly || recordCounts[i] == 0) {
                estimates[i] = size;
            } else {
                long perRecord = size / recordCounts[i] + DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
                estimates[i] = Math.min(size, survivors[i] * perRecord + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
            }
        }
        return estimates;
    }

    /**
     * Splits the segments starting below {@code upTo} into runs that each make one output segment: an estimated output of at
     * most {@code segment.bytes} and of few enough bytes for the index entries one output holds, and offsets within
     * 32 bits of the run's base. Outputs start where their first original starts, which recovery relies on.
     */
    private static List<List<LogSegment>> group(CleanableSegments range, long upTo, long[] estimates) {
        LogConfig config = range.config();
        long maxIndexEntries = config.segmentIndexBytes() / TimeIndex.ENTRY_SIZE - 2;
        long bytesPerIndexEntry = Math.max(config.indexIntervalBytes(), DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        long maxGroupBytes = Math.min(config.segmentBytes(), Math.max(1, maxIndexEntries) * bytesPerIndexEntry);
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long currentBytes = 0;
        List<LogSegment> segments = range.segments();
        for (int i = 0; i < segments.size() && segments.get(i).baseOffset() < upTo; i++) {
            LogSegment segment = segments.get(i);
            boolean fits = current.isEmpty()
                    || (currentBytes + estimates[i] <= maxGroupBytes
                        && range.endOf(i) - 1 - current.get(0).baseOffset() <= Integer.MAX_VALUE);
            if (!fits) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(segment);
            currentBytes += estimates[i];
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private static LogSegment openCleaned(CleanableSegments range, long baseOffset, long nowMs) {
        Path dir = range.dir();
        for (Path file : List.of(LogFileNames.logFile(dir, baseOffset), LogFileNames.offsetIndexFile(dir, baseOffset),
                LogFileNames.timeIndexFile(dir, baseOffset))) {
            Path stale = LogFileNames.withSuffix(file, LogFileNames.CLEANED_SUFFIX);
            StorageErrors.run("deleting stale", stale, () -> Files.deleteIfExists(stale));
        }
        // Room for twice the index entries the grouping allows, against an estimate falling short; trimmed once written.
        long indexBytes = Math.min(Integer.MAX_VALUE / 2, 2L * range.config().segmentIndexBytes());
        LogConfig outputConfig = range.config().withOverrides(Map.of(LogConfig.SEGMENT_INDEX_BYTES, String.valueOf(indexBytes)));
        return LogSegment.open(dir, baseOffset, outputConfig, nowMs, LogFileNames.CLEANED_SUFFIX);
    }

    /**
     * Filters {@code source} into {@code output}, reading whole batches about a megabyte at a time. The last batch of
     * an output's last original is kept even when emptied, so that the output ends where its originals ended: a
     * reader's next offset and recovery's view of what a {@code .swap} file replaces both depend on it.
     */
    private static void cleanInto(LogSegment source, boolean lastOfOutput, LogSegment output, Filter filter,
                                  Buffers buffers, LogConfig config) {
        List<int[]> chunks = new ArrayList<>();
        int chunkStart = 0;
        int chunkEnd = 0;
        long lastOffset = -1;
        for (FileChannelRecordBatch batch : source.records().batches()) {
            int batchEnd = batch.position() + batch.sizeInBytes();
            if (chunkEnd > chunkStart && batchEnd - chunkStart > READ_CHUNK_BYTES) {
                chunks.add(new int[] {chunkStart, chunkEnd});
                chunkStart = batch.position();
            }
            chunkEnd = batchEnd;
            lastOffset = batch.lastOffset();
        }
        if (chunkEnd > chunkStart) {
            chunks.add(new int[] {chunkStart, chunkEnd});
        }
        filter.keepEmptyLastOffset = lastOfOutput ? lastOffset : -1;
        for (int[] chunk : chunks) {
            filterChunk(source, chunk[0], chunk[1], output, filter, buffers, config);
        }
    }

    private static void filterChunk(LogSegment source, int start, int end, LogSegment output, Filter filter,
                                    Buffers buffers, LogConfig config) {
        ByteBuffer read = buffers.read(end - start);
        StorageErrors.run("reading", source.file(), () -> Utils.readFully(source.records().channel(), read, start));
        read.flip();
        FilterResult result = MemoryRecords.readableRecords(read)
                .filterTo(filter, buffers.write(), BufferSupplier.NO_CACHING, config.maxMessageBytes());
        filter.recordsRead += result.messagesRead();
        filter.recordsRetained += result.messagesRetained();
        filter.bytesRead += result.bytesRead();
        filter.bytesRetained += result.bytesRetained();
        ByteBuffer written = result.outputBuffer();
        buffers.keepWrite(written);
        written.flip();
        MemoryRecords retained = MemoryRecords.readableRecords(written);
        long lastOffset = -1;
        for (MutableRecordBatch batch : retained.batches()) {
            lastOffset = batch.lastOffset();
        }
        if (lastOffset >= 0) {
            output.append(lastOffset, retained);
        }
    }

    private static void abandon(List<CleanedSegment> cleaned) {
        for (CleanedSegment segment : cleaned) {
            try {
                segment.segment().deleteFiles();
                segment.segment().closeHandles();
            } catch (KafkaException e) {
                LOG.warn("Could not delete the abandoned cleaned segment {}: {}", segment.segment().file(), e.getMessage());
            }
        }
    }

    /** Reusable read and write buffers of one pass. */
    private static final class Buffers {
        private ByteBuffer read = ByteBuffer.allocate(0);
        private ByteBuffer write = ByteBuffer.allocate(0);

        ByteBuffer read(int size) {
            if (read.capacity() < size) {
                read = ByteBuffer.allocate(Math.max(size, READ_CHUNK_BYTES));
            }
            read.clear().limit(size);
            return read;
        }

        ByteBuffer write() {
            if (write.capacity() < read.capacity()) {
                write = ByteBuffer.allocate(read.capacity());
            }
            return write.clear();
        }

        void keepWrite(ByteBuffer grown) {
            if (grown.capacity() > write.capacity()) {
                write = grown;
            }
        }
    }

    /** Decides record by record; counts what it saw. */
    private static final class Filter extends RecordFilter {
        private final OffsetMap map;
        /** Records from here on were not mapped: only those a later mapped record of their key replaces can go. */
        private final long mappedUpTo;
        private final Map<Long, Long> producerLastOffsets;
        long nextHorizonMs = Long.MAX_VALUE;
        long keepEmptyLastOffset = -1;
        long recordsRead;
        long recordsRetained;
        long bytesRead;
        long bytesRetained;

        Filter(OffsetMap map, long mappedUpTo, long nowMs, long deleteRetentionMs, Map<Long, Long> producerLastOffsets) {
            super(nowMs, deleteRetentionMs);
            this.map = map;
            this.mappedUpTo = mappedUpTo;
            this.producerLastOffsets = producerLastOffsets;
        }

        @Override
        protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            boolean keepEvenEmpty = batch.isControlBatch()
                    || batch.lastOffset() == keepEmptyLastOffset
                    || (batch.hasProducerId() && Long.valueOf(batch.lastOffset()).equals(producerLastOffsets.get(batch.producerId())));
            return new BatchRetentionResult(keepEvenEmpty ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
        }

        @Override
        protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            if (batch.isControlBatch()) {
                return true;
            }
            if (!record.hasKey()) {
                return false;
            }
            long latest = map.get(record.key());
            if (latest > record.offset()) {
                return false;
            }
            if (!record.hasValue()) {
                OptionalLong horizon = batch.deleteHorizonMs();
                if (record.offset() < mappedUpTo && horizon.isPresent() && currentTime >= horizon.getAsLong()) {
                    return false;
                }
                nextHorizonMs = Math.min(nextHorizonMs, horizon.orElse(currentTime + deleteRetentionMs));
            }
            return true;
        }
    }
}

package io.tributary.broker.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which leader epoch wrote which offsets of one partition (Kafka's {@code LeaderEpochFileCache}): an ordered map of
 * epoch to the first offset that epoch wrote, both strictly increasing. Followers find where their log and the
 * leader's diverge from it; its file is {@link LeaderEpochCheckpointFile}, rewritten on every change before the
 * change is relied on (an entry is on disk before any batch of its epoch).
 *
 * <p>Threads: changes come under the log's lock; reads (a fetch asking where an epoch ends) come from request threads,
 * hence the monitor, held only for map operations and the small file write.
 */
final class LeaderEpochCache {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderEpochCache.class);

    private final Object topicPartition;
    private final Path file;
    private final StorageIo io;
    private final TreeMap<Integer, Long> epochs = new TreeMap<>();

    private LeaderEpochCache(Object topicPartition, Path file, StorageIo io) {
        this.topicPartition = topicPartition;
        this.file = file;
        this.io = io;
    }

    /**
     * Loads the partition's checkpoint and fits it to the loaded log: entries past the log end (a recovery truncated
     * the log) or before its start go. Without a readable checkpoint the cache is rebuilt from the batches' epochs.
     */
    static LeaderEpochCache load(Object topicPartition, Path dir, StorageIo io, LogSegments segments, long logStartOffset,
                                 long logEndOffset) {
        LeaderEpochCache cache = new LeaderEpochCache(topicPartition, dir.resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT), io);
        var stored = LeaderEpochCheckpointFile.read(cache.file);
        synchronized (cache) {
            if (stored.isPresent()) {
                stored.get().forEach(entry -> cache.epochs.put(entry.epoch(), entry.startOffset()));
                if (cache.isMonotonic()) {
                    boolean truncated = cache.removeFromEnd(logEndOffset);
                    if (cache.removeFromStart(logStartOffset) || truncated) {
                        cache.write();
                    }
                    return cache;
                }
                LOG.warn("Leader epoch checkpoint {} is not in order; rebuilding it from the log", cache.file);
                cache.epochs.clear();
            }
            cache.rebuild(segments, logStartOffset);
            cache.write();
            return cache;
        }
    }

    private boolean isMonotonic() {
        long previous = -1;
        for (long start : epochs.values()) {
            if (start <= previous) {
                return false;
            }
            previous = start;
        }
        return true;
    }

    private void rebuild(LogSegments segments, long logStartOffset) {
        for (LogSegment segment : segments.all()) {
            for (RecordBatch batch : segment.records().batches()) {
                if (batch.lastOffset() >= logStartOffset) {
                    assignInMemory(batch.partitionLeaderEpoch(), Math.max(batch.baseOffset(), logStartOffset));
                }
            }
        }
        if (!epochs.isEmpty()) {
            LOG.info("Rebuilt the leader epoch cache of {} from its log: {} epochs", topicPartition, epochs.size());
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}, unless it is already known starting there or
     * earlier; entries it contradicts (a later or equal epoch, or one starting at or after it) are removed first.
     *
     * @return whether the cache changed
     */
    synchronized boolean assign(int epoch, long startOffset) {
        if (!assignInMemory(epoch, startOffset)) {
            return false;
        }
        write();
        return true;
    }

    private boolean assignInMemory(int epoch, long startOffset) {
        if (epoch < 0 || epoch == RecordBatch.NO_PARTITION_LEADER_EPOCH || startOffset < 0) {
            return false;
        }
        Map.Entry<Integer, Long> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue() <= startOffset) {
            return false;
        }
        Iterator<Map.Entry<Integer, Long>> descending = epochs.descendingMap().entrySet().iterator();
        while (descending.hasNext()) {
            Map.Entry<Integer, Long> entry = descending.next();
            if (entry.getKey() >= epoch || entry.getValue() >= startOffset) {
                descending.remove();
            } else {
                break;
            }
        }
        epochs.put(epoch, startOffset);
        return true;
    }

    synchronized OptionalInt latestEpoch() {
        return epochs.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs.lastKey());
    }

    /** The epoch that wrote {@code offset}: the latest one starting at or below it. */
    synchronized OptionalInt epochForOffset(long offset) {
        int found = -1;
        for (Map.Entry<Integer, Long> entry : epochs.entrySet()) {
            if (entry.getValue() > offset) {
                break;
            }
            found = entry.getKey();
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /**
     * Kafka's semantics: for the latest epoch, the log end offset; for an older one, the largest epoch at or below it
     * and the start of the next epoch; for one below every epoch known, that epoch and the first start offset; for one
     * above every epoch known (or an empty cache, or {@code -1}), {@link EpochEndOffset#UNDEFINED}.
     */
    synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == EpochEndOffset.UNDEFINED_EPOCH || epochs.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (epochs.lastKey() == requestedEpoch) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, Long> floor = epochs.floorEntry(requestedEpoch);
        return new EpochEndOffset(floor == null ? requestedEpoch : floor.getKey(), higher.getValue());
    }

    /** After the log was truncated to end at {@code endOffset}: epochs starting at or after it go. */
    synchronized void truncateFromEnd(long endOffset) {
        if (removeFromEnd(endOffset)) {
            write();
        }
    }

    /** After the log start moved to {@code startOffset}: the epoch holding it starts there, earlier ones go. */
    synchronized void truncateFromStart(long startOffset) {
        if (removeFromStart(startOffset)) {
            write();
        }
    }

    /** The log was emptied: no epoch wrote what it holds. */
    synchronized void clear() {
        epochs.clear();
        write();
    }

    synchronized List<EpochEntry> entries() {
        List<EpochEntry> entries = new ArrayList<>(epochs.size());
        epochs.forEach((epoch, start) -> entries.add(new EpochEntry(epoch, start)));
        return entries;
    }

    private boolean removeFromEnd(long endOffset) {
        boolean changed = false;
        while (!epochs.isEmpty() && epochs.lastEntry().getValue() >= endOffset) {
            epochs.pollLastEntry();
            changed = true;
        }
        return changed;
    }

    private boolean removeFromStart(long startOffset) {
        Map.Entry<Integer, Long> holding = null;
        int removed = 0;
        while (!epochs.isEmpty() && epochs.firstEntry().getValue() <= startOffset) {
            holding = epochs.pollFirstEntry();
            removed++;
        }
        if (holding == null) {
            return false;
        }
        epochs.put(holding.getKey(), startOffset);
        return removed > 1 || holding.getValue() != startOffset;
    }

    private void write() {
        LeaderEpochCheckpointFile.write(io, file, entries());
    }
}

package io.tributary.broker.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log's side of compaction ({@link LogCleaner}): which closed segments a pass may rewrite, how far the log is
 * cleaned, and swapping the rewritten segments in. Every method runs under the log's lock.
 *
 * <p>The swap exchanges segments in memory so that a read running without the lock always finds a segment holding its
 * offset: each cleaned segment is put in before the ones it replaces go, and the replaced ones keep their handles open
 * for the grace period, as deleted segments do.
 */
final class CleanerSwap {

    private static final Logger LOG = LoggerFactory.getLogger(CleanerSwap.class);

    private final LocalLog local;
    /** The first offset the cleaner has not cleaned yet (Kafka's cleaner checkpoint). */
    private volatile long cleanerCheckpoint;
    /** The earliest time a retained tombstone may go; 0 when unknown, as after loading. */
    private volatile long tombstoneHorizonMs;
    /** Set when a swap failed after its commit point: the files are left for recovery at the next start. */
    private volatile boolean cleaningDisabled;

    CleanerSwap(LocalLog local) {
        this.local = local;
    }

    long cleanerCheckpoint() {
        return cleanerCheckpoint;
    }

    void initCleanerCheckpoint(long offset) {
        cleanerCheckpoint = offset;
    }

    /** After truncation: nothing past the new log end counts as cleaned. */
    void truncatedTo(long logEndOffset) {
        cleanerCheckpoint = Math.min(cleanerCheckpoint, logEndOffset);
    }

    /**
     * The closed segments the cleaner may rewrite: from the first one up to, not including, the first segment that
     * is active or holds offsets at or above the high watermark. Empty when the log is not compacted, is closed, or
     * the cleaner is disabled for it.
     */
    Optional<CleanableSegments> cleanableSegments(ProducerStateManager producerState) {
        LogConfig config = local.config();
        if (local.isClosed() || !config.compactEnabled() || cleaningDisabled) {
            return Optional.empty();
        }
        LogSegments segments = local.segments();
        long highWatermark = local.highWatermark().offset();
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
        if (firstDirty < cleanable.get(0).baseOffset() || firstDirty > local.logEndOffset()) {
            firstDirty = cleanable.get(0).baseOffset();
        }
        return Optional.of(new CleanableSegments(local.topicPartition(), local.dir(), config, List.copyOf(cleanable),
                endOffset, firstDirty, tombstoneHorizonMs, producerState.lastBatchOffsets(), local.segmentsVersion()));
    }

    /**
     * Swaps cleaned segments, written beside the log with the {@code .cleaned} suffix, in for the segments they
     * replace. On disk: each is renamed to {@code .swap}, oldest first (the commit point: recovery finishes a swap
     * from there), the directory is synced, the replaced segments' files are deleted and the cleaned ones take
     * the final names.
     *
     * @return false, with nothing changed, when the log was closed or its closed segments changed since
     *         {@code range} was taken: the caller deletes the cleaned files
     */
    boolean replaceSegments(CleanableSegments range, List<CleanedSegment> cleaned, long cleanedUpTo,
                            long nextTombstoneHorizonMs, SwapHook hook, long nowMs) {
        if (local.isClosed() || local.segmentsVersion() != range.version()) {
            return false;
        }
        hook.reached(SwapHook.Step.CLEANED_WRITTEN);
        commitSwap(cleaned);
        hook.reached(SwapHook.Step.SWAP_COMMITTED);
        cleanerCheckpoint = cleanedUpTo;
        tombstoneHorizonMs = nextTombstoneHorizonMs;
        try {
            local.replaceSegments(cleaned, nowMs);
            hook.reached(SwapHook.Step.ORIGINALS_DELETED);
            for (CleanedSegment segment : cleaned) {
                segment.segment().changeFileSuffix(LogFileNames.SWAP_SUFFIX, "");
            }
            StorageErrors.run("flushing directory", local.dir(), () -> Utils.flushDir(local.dir()));
        } catch (RuntimeException e) {
            // past the commit point the cleaned segments are the log: the caller must not abandon them, so nothing is
            // thrown; a disk failure takes the directory offline here instead
            cleaningDisabled = true;
            if (StorageErrors.isIoFailure(e)) {
                local.logDirectory().fail("finishing the swap of cleaned segments of", local.topicPartition(), e);
            } else {
                LOG.error("Finishing the swap of cleaned segments of {} failed; its files are left for recovery at the "
                        + "next start and it is not cleaned until then", local.topicPartition(), e);
            }
        }
        return true;
    }

    /** Renames every cleaned segment to {@code .swap}, oldest first; on failure, back to {@code .cleaned} as far as possible. */
    private void commitSwap(List<CleanedSegment> cleaned) {
        List<LogSegment> committed = new ArrayList<>();
        try {
            for (CleanedSegment segment : cleaned) {
                segment.segment().changeFileSuffix(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
                committed.add(segment.segment());
            }
            StorageErrors.run("flushing directory", local.dir(), () -> Utils.flushDir(local.dir()));
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
}

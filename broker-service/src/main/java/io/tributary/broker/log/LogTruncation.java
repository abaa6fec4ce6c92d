package io.tributary.broker.log;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Truncation of one log: removes every batch from the one holding an offset on, as a follower does before it fetches
 * from a new leader. Below the first segment the log is emptied and restarts at that offset. The caller holds the
 * log's lock.
 *
 * <p>Reads run without the lock: a read bounded by the old log end may still be sending a slice of a segment that
 * truncation cut short, and ends early. Consumers read below the high watermark, which a leader never truncates.
 */
final class LogTruncation {

    private static final Logger LOG = LoggerFactory.getLogger(LogTruncation.class);

    private LogTruncation() {
    }

    static void truncateTo(LocalLog local, ProducerStateManager producerState, CleanerSwap cleaner, long offset, long nowMs) {
        local.ensureOpen();
        if (offset >= local.logEndOffset()) {
            return;
        }
        LogSegments segments = local.segments();
        long newLogStartOffset = local.logStartOffset();
        if (offset < segments.first().baseOffset()) {
            replaceAllSegments(local, offset, nowMs);
            newLogStartOffset = offset;
        } else {
            for (LogSegment segment : segments.from(offset)) {
                if (segment.baseOffset() > offset) {
                    local.removeSegment(segment, nowMs);
                }
            }
            segments.active().truncateTo(offset, nowMs);
            segments.active().becomeActive(local.config().segmentIndexBytes());
        }
        finish(local, producerState, cleaner, newLogStartOffset);
    }

    /**
     * Empties the log and restarts it at {@code offset}, which may lie above its end: a follower that fell below its
     * leader's log start does this. The high watermark and log start become {@code offset}.
     */
    static void truncateFullyAndStartAt(LocalLog local, ProducerStateManager producerState, CleanerSwap cleaner,
                                        long offset, long nowMs) {
        local.ensureOpen();
        replaceAllSegments(local, offset, nowMs);
        finish(local, producerState, cleaner, offset);
    }

    /**
     * The new segment is in place before the old ones go, so that a reader always finds one; a segment already starting
     * at {@code offset} is emptied and kept instead, as a new one would have its file names.
     */
    private static void replaceAllSegments(LocalLog local, long offset, long nowMs) {
        LogSegments segments = local.segments();
        List<LogSegment> old = new ArrayList<>(segments.all());
        LogSegment kept = old.stream().filter(segment -> segment.baseOffset() == offset).findFirst().orElse(null);
        if (kept == null) {
            segments.add(LogSegment.open(local.logDirectory().io(), local.dir(), offset, local.config(), nowMs));
        } else {
            old.remove(kept);
            for (LogSegment later : segments.from(offset)) {
                if (later.baseOffset() > offset) {
                    local.removeSegment(later, nowMs);
                    old.remove(later);
                }
            }
            kept.truncateTo(offset, nowMs);
            kept.becomeActive(local.config().segmentIndexBytes());
        }
        for (LogSegment segment : old) {
            local.removeSegment(segment, nowMs);
        }
    }

    private static void finish(LocalLog local, ProducerStateManager producerState, CleanerSwap cleaner, long newLogStartOffset) {
        LogSegments segments = local.segments();
        local.truncatedTo(newLogStartOffset);
        long logEndOffset = local.logEndOffset();
        cleaner.truncatedTo(logEndOffset);
        producerState.deleteSnapshotsAbove(logEndOffset);
        LogRecovery.rebuildProducerState(segments, producerState, logEndOffset);
        LOG.info("Truncated {} to offset {}", local.topicPartition(), logEndOffset);
    }
}

package io.tributary.broker.log;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of one log: deletes its oldest closed segments by time ({@code retention.ms}, against each segment's
 * largest timestamp) and by size ({@code retention.bytes}), never the active segment and never a segment holding
 * offsets at or above the high watermark. The caller holds the log's lock; the deleted segments' handles stay open
 * for reads still using them ({@link RetiredSegments}).
 */
final class LogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

    private LogRetention() {
    }

    /** @return the number of segments deleted */
    static int deleteRetentionMsBreached(LocalLog local, ProducerStateManager producerState, long nowMs) {
        LogConfig config = local.config();
        long retentionMs = config.retentionMs();
        if (retentionMs < 0 || !config.deleteEnabled()) {
            return 0;
        }
        return deleteOldSegments(local, producerState, segment -> nowMs - segment.largestTimestamp() > retentionMs,
                "retention.ms=" + retentionMs, nowMs);
    }

    /** @return the number of segments deleted, leaving at least {@code retention.bytes} */
    static int deleteRetentionSizeBreached(LocalLog local, ProducerStateManager producerState, long nowMs) {
        LogConfig config = local.config();
        long retentionBytes = config.retentionBytes();
        if (retentionBytes < 0 || !config.deleteEnabled()) {
            return 0;
        }
        long[] excess = {local.segments().sizeInBytes() - retentionBytes};
        return deleteOldSegments(local, producerState, segment -> {
            if (excess[0] - segment.size() < 0) {
                return false;
            }
            excess[0] -= segment.size();
            return true;
        }, "retention.bytes=" + retentionBytes, nowMs);
    }

    /** Deletes closed segments from the oldest on while {@code deletable} holds. */
    private static int deleteOldSegments(LocalLog local, ProducerStateManager producerState,
                                         Predicate<LogSegment> deletable, String reason, long nowMs) {
        local.ensureOpen();
        local.releaseRetiredSegments(nowMs);
        LogSegments segments = local.segments();
        long highWatermark = local.highWatermark().offset();
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
        // the log start moves before the segments go, so that a read checking it never looks for a removed segment
        local.advanceLogStartOffset(segments.higher(toDelete.get(toDelete.size() - 1).baseOffset()).baseOffset());
        for (LogSegment segment : toDelete) {
            local.removeSegment(segment, nowMs);
        }
        producerState.deleteSnapshotsBelow(local.logStartOffset());
        LOG.info("Deleted {} segments of {} by {}; log start offset is now {}", toDelete.size(), local.topicPartition(),
                reason, local.logStartOffset());
        return toDelete.size();
    }
}

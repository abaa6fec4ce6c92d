package io.tributary.broker.replication;

import org.apache.kafka.common.message.FetchResponseData;

import io.tributary.broker.log.EpochEndOffset;
import io.tributary.broker.log.PartitionLog;

/**
 * Where a follower cuts its log back to, so that it holds nothing its leader does not (Kafka 4.x
 * {@code AbstractFetcherThread.getOffsetTruncationState} and {@code fetchOffsetAndTruncate}). Truncation removes
 * whole batches from the one holding the offset, so it may go a little further back than the offset; the next fetch
 * brings those records back.
 */
final class FollowerTruncation {

    private FollowerTruncation() {
    }

    /**
     * The leader said where the epoch of our last batch ends in its log: if we hold that epoch, keep what both logs
     * have of it; if we do not, go back to where our own last epoch at or below it ends and ask again; if we hold no
     * epoch at or below it, keep what the leader has.
     *
     * @return the offset truncated to
     */
    static long onDivergingEpoch(PartitionLog log, FetchResponseData.EpochEndOffset leader) {
        long ownEnd = log.logEndOffset();
        EpochEndOffset own = log.endOffsetForEpoch(leader.epoch());
        long target;
        if (own.isUndefined()) {
            target = Math.min(leader.endOffset(), ownEnd);
        } else if (own.epoch() == leader.epoch()) {
            target = Math.min(leader.endOffset(), own.endOffset());
        } else {
            target = Math.min(own.endOffset(), ownEnd);
        }
        log.truncateTo(target);
        return log.logEndOffset();
    }

    /**
     * The leader answered OFFSET_OUT_OF_RANGE. If its log ends below ours, ours is cut to its end; if ours ends below
     * its start, ours is emptied and restarts at its start; otherwise the fetch offset is fine now and nothing changes.
     *
     * @return the log end offset afterwards
     */
    static long onOutOfRange(PartitionLog log, long leaderLogEndOffset, long leaderLogStartOffset) {
        long ownEnd = log.logEndOffset();
        if (leaderLogEndOffset < ownEnd) {
            log.truncateTo(leaderLogEndOffset);
        } else if (leaderLogStartOffset > ownEnd) {
            log.truncateFullyAndStartAt(leaderLogStartOffset);
        }
        return log.logEndOffset();
    }
}

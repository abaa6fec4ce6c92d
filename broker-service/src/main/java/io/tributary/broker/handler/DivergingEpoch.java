package io.tributary.broker.handler;

import java.util.Optional;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.message.FetchResponseData;

import io.tributary.broker.log.EpochEndOffset;
import io.tributary.broker.log.PartitionLog;

/**
 * The leader's half of truncation on fetch (Kafka's {@code Partition.readRecords}): a fetch that names the epoch of the
 * last batch it holds learns, instead of records, where that epoch ends in the leader's log when the two logs diverge
 * there. The follower truncates to that point and fetches again.
 */
final class DivergingEpoch {

    private DivergingEpoch() {
    }

    /**
     * Empty when the logs agree up to {@code fetchOffset}; else the epoch and end offset to truncate to.
     *
     * @throws OffsetOutOfRangeException if the leader cannot tell where {@code lastFetchedEpoch} ends (it knows no
     *                                   epoch at or below it), so the fetcher must find its position another way
     */
    static Optional<FetchResponseData.EpochEndOffset> check(PartitionLog log, int lastFetchedEpoch, long fetchOffset) {
        EpochEndOffset end = log.endOffsetForEpoch(lastFetchedEpoch);
        if (end.isUndefined()) {
            throw new OffsetOutOfRangeException("Could not determine the end offset of the last fetched epoch "
                    + lastFetchedEpoch + " of " + log.topicPartition() + " from the leader's epoch cache");
        }
        if (end.endOffset() < fetchOffset || end.epoch() < lastFetchedEpoch) {
            return Optional.of(new FetchResponseData.EpochEndOffset().setEpoch(end.epoch()).setEndOffset(end.endOffset()));
        }
        return Optional.empty();
    }
}

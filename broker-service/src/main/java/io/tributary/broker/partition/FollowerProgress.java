package io.tributary.broker.partition;

/**
 * What a leader knows of its followers for one leadership term, as the high watermark and the follower fetches
 * need it. Replication installs one on each {@link LeadershipListener#becameLeader}; a partition without one knows
 * no follower, so its high watermark moves only while it is the sole member of the ISR.
 */
public interface FollowerProgress {

    /** The leader epoch this progress was recorded under: a partition drops it once its epoch differs. */
    int leaderEpoch();

    /**
     * The highest high watermark the followers allow: the lowest log end offset among the members of the ISR
     * (including members being added) and the followers caught up enough to be added.
     *
     * @param leaderLogEnd the leader's log end offset, the most the answer may be
     */
    long highWatermarkLimit(long leaderLogEnd);

    /**
     * Records a follower's fetch from {@code fetchOffset} (its log end offset).
     *
     * @param brokerEpoch  the follower's broker epoch from the request, or -1 when the request carries none
     * @param leaderLogEnd the leader's log end offset when the fetch was read
     * @return false if {@code replicaId} is not a follower of this partition (its fetch is answered without records)
     */
    boolean recordFetch(int replicaId, long fetchOffset, long logStartOffset, long brokerEpoch, long leaderLogEnd);

    /**
     * The members of the ISR as the high watermark must count them: the ISR in ZooKeeper and the followers an ISR
     * change in flight is adding (KIP-497's "maximal ISR").
     */
    int maximalIsrSize();
}

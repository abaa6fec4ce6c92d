package io.tributary.broker.replication;

/**
 * What the leader knows of one follower from its last fetch, as Kafka's {@code ReplicaState}. A follower's fetch
 * offset is its log end offset: it asks for the first record it does not have.
 *
 * @param logEndOffset                the follower's log end offset, or -1 until it fetched in this leadership term
 * @param logStartOffset              the follower's log start offset, or -1 until it fetched
 * @param lastFetchLeaderLogEndOffset the leader's log end offset when the last fetch was read
 * @param lastFetchTimeMs             when the last fetch was read
 * @param lastCaughtUpTimeMs          the last time the follower was known to have everything the leader had
 * @param brokerEpoch                 the broker epoch its last fetch carried, or -1 for none
 */
record FollowerState(long logEndOffset, long logStartOffset, long lastFetchLeaderLogEndOffset, long lastFetchTimeMs,
                     long lastCaughtUpTimeMs, long brokerEpoch) {

    static final long UNKNOWN = -1;

    /**
     * A follower as a new leader sees it: its log end unknown until it fetches; a member of the ISR counts as caught
     * up now, so that it has the lag time to fetch before it can be dropped.
     */
    static FollowerState atLeaderStart(boolean inIsr, long nowMs) {
        return new FollowerState(UNKNOWN, UNKNOWN, UNKNOWN, 0, inIsr ? nowMs : 0, UNKNOWN);
    }

    /**
     * After a fetch from {@code fetchOffset}: caught up now if it fetched from the leader's log end; caught up as of its
     * previous fetch if it now has everything the leader had then (Kafka's rule, so that a follower that keeps up
     * with a leader that keeps appending never looks lagging).
     */
    FollowerState afterFetch(long fetchOffset, long followerLogStartOffset, long fetchTimeMs, long leaderLogEnd,
                             long fetchBrokerEpoch) {
        long caughtUp = lastCaughtUpTimeMs;
        if (fetchOffset >= leaderLogEnd) {
            caughtUp = Math.max(caughtUp, fetchTimeMs);
        } else if (fetchOffset >= lastFetchLeaderLogEndOffset) {
            caughtUp = Math.max(caughtUp, lastFetchTimeMs);
        }
        return new FollowerState(fetchOffset, followerLogStartOffset, leaderLogEnd, fetchTimeMs, caughtUp,
                fetchBrokerEpoch);
    }

    /** Kafka's {@code isCaughtUp}: at the leader's log end, or caught up within the last {@code maxLagMs}. */
    boolean isCaughtUp(long leaderLogEnd, long nowMs, long maxLagMs) {
        return logEndOffset == leaderLogEnd || nowMs - lastCaughtUpTimeMs <= maxLagMs;
    }

    boolean hasFetched() {
        return logEndOffset != UNKNOWN;
    }
}

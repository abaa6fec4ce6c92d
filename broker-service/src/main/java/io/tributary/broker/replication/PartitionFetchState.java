package io.tributary.broker.replication;

import io.tributary.broker.partition.Partition;

/**
 * What a fetcher thread knows of one partition it follows. Owned by that thread, except that the manager replaces it
 * under the thread's lock when the leader epoch changes.
 *
 * <pre>
 *   added ──log has a leader epoch──▶ FETCHING ◀──────────────┐
 *     │                                 │ diverging epoch      │
 *     │                                 ▼                      │
 *     │                          truncate, fetch again ────────┘
 *     └──no epoch in the log──▶ TRUNCATING_TO_HIGH_WATERMARK ──truncated──▶ FETCHING
 * </pre>
 *
 * @param leaderEpoch     the epoch of the leader fetched from, sent as {@code currentLeaderEpoch}
 * @param delayedUntilMs  not fetched before this time, after an error
 * @param catchUpTarget   the leader's high watermark in the first answer after this partition was added; -1 until then
 */
record PartitionFetchState(Partition partition, int leaderEpoch, State state, long delayedUntilMs, long catchUpTarget) {

    enum State {
        /** The log carries no leader epoch, so the leader cannot say where it diverges: cut back to the high watermark. */
        TRUNCATING_TO_HIGH_WATERMARK,
        FETCHING
    }

    static PartitionFetchState initial(Partition partition, int leaderEpoch) {
        State state = partition.log().latestEpoch().isPresent() ? State.FETCHING : State.TRUNCATING_TO_HIGH_WATERMARK;
        return new PartitionFetchState(partition, leaderEpoch, state, 0, -1);
    }

    PartitionFetchState fetching() {
        return new PartitionFetchState(partition, leaderEpoch, State.FETCHING, delayedUntilMs, catchUpTarget);
    }

    PartitionFetchState delayedUntil(long timeMs) {
        return new PartitionFetchState(partition, leaderEpoch, state, timeMs, catchUpTarget);
    }

    PartitionFetchState withCatchUpTarget(long target) {
        return new PartitionFetchState(partition, leaderEpoch, state, delayedUntilMs, target);
    }

    boolean isDelayed(long nowMs) {
        return delayedUntilMs > nowMs;
    }
}

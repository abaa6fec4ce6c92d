package io.tributary.coordinator.group;

/**
 * The group-wide timers of a rebalance: the one that ends PreparingRebalance (the initial delay or the rebalance
 * timeout) and the one that removes members who did not sync in time. Guarded by the group's lock, like the group.
 * <p>
 * A cancelled timer may already be queued to run: each timer carries the epoch it was scheduled in and does nothing
 * if the epoch moved on since.
 */
final class RebalanceTimers {

    /** the timer that ends PreparingRebalance (initial delay or rebalance timeout) */
    Scheduler.Timeout joinTimeout;
    boolean initialDelayActive;
    boolean newMemberAdded;
    long initialDelayRemainingMs;
    /** the timer that removes members who did not sync in time */
    Scheduler.Timeout syncTimeout;
    /** bumped whenever a join or sync timer is (re)scheduled or cancelled: a stale timer that fires does nothing */
    long joinTimerEpoch;
    long syncTimerEpoch;

    void cancelJoinTimeout() {
        joinTimerEpoch++;
        if (joinTimeout != null) {
            joinTimeout.cancel();
            joinTimeout = null;
        }
    }

    void cancelSyncTimeout() {
        syncTimerEpoch++;
        if (syncTimeout != null) {
            syncTimeout.cancel();
            syncTimeout = null;
        }
    }
}

package io.tributary.coordinator.group;

import java.time.Duration;

/**
 * Runs a task once after a delay. Injected so that session, rebalance and delay timeouts are tested on a manual
 * clock instead of with sleeps. Tasks may run on any thread; the coordinator takes the group's lock itself.
 */
public interface Scheduler {

    Timeout schedule(Duration delay, Runnable task);

    /** A scheduled task; cancelling one that already ran or was cancelled does nothing. */
    @FunctionalInterface
    interface Timeout {
        void cancel();
    }
}

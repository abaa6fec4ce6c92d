package io.tributary.metadata.zk;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lets a writer wait until its own cache reflects what it wrote (read-your-writes for {@code topics()} and
 * {@code liveBrokers()} right after a call returns), woken by cache events instead of polling.
 */
public final class CacheSignal {

    public synchronized void changed() {
        notifyAll();
    }

    /** Waits until {@code condition} holds; returns false at the deadline. The condition must be cheap: it runs under the lock. */
    public boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
            return true;
        }
    }
}

package io.tributary.e2e.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one place the end-to-end tests wait: poll a condition until it holds or a deadline passes. Nothing else in
 * these tests sleeps to wait for something to happen.
 *
 * <p>An exception thrown by the condition ends the wait at once and propagates (a dead process should fail fast,
 * not time out); a condition that may fail transiently must catch and answer {@code false} itself.
 */
public final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private Await() {
    }

    /**
     * Polls {@code condition} every 100 ms until it is true.
     *
     * @throws AssertionError with {@code message} (evaluated at the deadline) if the deadline passes first
     */
    public static void until(Duration deadline, BooleanSupplier condition, Supplier<String> message) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + deadline + ": " + message.get());
            }
            LockSupport.parkNanos(Math.min(POLL_NANOS, left));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + message.get());
            }
        }
    }
}

package io.tributary.e2e.support;

import java.time.Duration;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.EvaluatedCondition;
import org.awaitility.core.ThrowingRunnable;
import org.awaitility.core.TimeoutEvent;

/**
 * Awaitility, set up once the way the end-to-end tests wait:
 *
 * <pre>{@code
 * Waiting.atMost(Duration.ofSeconds(30), () -> "read " + values + "\n" + tributary.logTail(40))
 *         .failFast(tributary.aliveCheck())
 *         .until(() -> { values.addAll(poll(consumer)); return values.size() >= 10; });
 * }</pre>
 *
 * <ul>
 * <li>The condition runs at once, then every 100 ms, in the test's own thread (Kafka clients are not thread-safe).</li>
 * <li>A timeout says what was seen: {@code diagnostics} (the records read so far, a process's log tail) runs once,
 * when the deadline passes, not on every poll, and becomes the message of the {@link ConditionTimeoutException}.</li>
 * <li>An exception thrown by the condition ends the wait at once and propagates: a condition that may fail
 * transiently catches and answers {@code false} itself. A process that dies while a test waits on it fails the
 * wait at once, with its log tail, through {@link ConditionFactory#failFast(ThrowingRunnable)} and
 * {@link #alive}.</li>
 * <li>Exceptions uncaught in other threads are left to the tests that own those threads, as before Awaitility.</li>
 * </ul>
 */
public final class Waiting {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Waiting() {
    }

    /** A wait of at most {@code deadline}, whose timeout message is {@code diagnostics}, taken at the deadline. */
    public static ConditionFactory atMost(Duration deadline, Supplier<String> diagnostics) {
        return Awaitility.await()
                .atMost(deadline)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL)
                .pollInSameThread()
                .dontCatchUncaughtExceptions()
                .conditionEvaluationListener(new DiagnosedTimeout(diagnostics));
    }

    /** A fail-fast check: throws an {@link AssertionError} with {@code whenGone} once {@code process} has exited. */
    public static ThrowingRunnable alive(Process process, Supplier<String> whenGone) {
        return () -> {
            if (!process.isAlive()) {
                throw new AssertionError(whenGone.get());
            }
        };
    }

    /** Replaces Awaitility's timeout by one that carries the diagnostics, computed only now. */
    private record DiagnosedTimeout(Supplier<String> diagnostics) implements ConditionEvaluationListener<Object> {

        @Override
        public void conditionEvaluated(EvaluatedCondition<Object> condition) {
        }

        @Override
        public void onTimeout(TimeoutEvent event) {
            throw new ConditionTimeoutException(event.getDescription() + "\n" + diagnostics.get());
        }
    }
}

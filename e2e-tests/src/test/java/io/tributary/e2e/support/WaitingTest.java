package io.tributary.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the end-to-end tests rely on when they wait, beyond Awaitility's defaults. */
class WaitingTest {

    /** Far beyond what any of these tests takes: a wait that ends early did not run into it. */
    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void aTimeoutCarriesTheDiagnosticsTakenOnceAtTheDeadline() {
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger diagnosed = new AtomicInteger();

        assertThatThrownBy(() -> Waiting.atMost(Duration.ofMillis(500), () -> "seen " + diagnosed.incrementAndGet()
                + " time(s) after " + polls.get() + " polls").until(() -> polls.incrementAndGet() < 0))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("within 500 milliseconds")
                .hasMessageEndingWith("seen 1 time(s) after " + polls.get() + " polls");
        assertThat(diagnosed).as("diagnostics taken").hasValue(1);
        assertThat(polls.get()).as("polls in 500 ms, every 100 ms from the start").isBetween(2, 7);
    }

    @Test
    void aProcessThatExitsFailsTheWaitAtOnceWithWhatItSaid(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("process.log");
        Process process = new ProcessBuilder(List.of("sh", "-c", "echo out of disk; exit 3"))
                .redirectOutput(log.toFile()).start();
        long start = System.nanoTime();

        assertThatThrownBy(() -> Waiting.atMost(LONG, () -> "timed out")
                .failFast(Waiting.alive(process, () -> "exited with " + process.exitValue() + ": "
                        + ProcessSupport.read(log).strip()))
                .until(() -> false))
                .isNotInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("exited with 3: out of disk");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.dividedBy(2));
    }

    @Test
    void anExceptionFromTheConditionEndsTheWaitAtOnce() {
        AtomicInteger diagnosed = new AtomicInteger();
        long start = System.nanoTime();

        assertThatThrownBy(() -> Waiting.atMost(LONG, () -> "diagnosed " + diagnosed.incrementAndGet())
                .until(() -> {
                    throw new IllegalStateException("the client was closed");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the client was closed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.dividedBy(2));
        assertThat(diagnosed).as("diagnostics are for timeouts only").hasValue(0);
    }

    @Test
    void theConditionRunsInTheTestsOwnThread() {
        Thread test = Thread.currentThread();
        List<Thread> seen = new ArrayList<>();

        Waiting.atMost(LONG, () -> "polled in " + seen)
                .until(() -> seen.add(Thread.currentThread()) && seen.size() == 2);

        assertThat(seen).containsOnly(test);
    }
}

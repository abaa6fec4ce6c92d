package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Runs scheduled tasks only when {@link #advance} moves its clock past their deadline, in deadline order. */
final class ManualScheduler implements Scheduler {

    private record Task(long deadline, long sequence, Runnable action, boolean[] cancelled) {
    }

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Timeout schedule(Duration delay, Runnable action) {
        boolean[] cancelled = {false};
        tasks.add(new Task(clock.millis() + Math.max(0, delay.toMillis()), sequence++, action, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock by {@code duration}, running every task that falls due on the way. */
    void advance(Duration duration) {
        long target = clock.millis() + duration.toMillis();
        while (true) {
            Optional<Task> next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled()[0]);
                next = tasks.stream().filter(t -> t.deadline() <= target)
                        .min(Comparator.comparingLong(Task::deadline).thenComparingLong(Task::sequence));
                next.ifPresent(tasks::remove);
            }
            if (next.isEmpty()) {
                break;
            }
            long wait = next.get().deadline() - clock.millis();
            if (wait > 0) {
                clock.advance(Duration.ofMillis(wait));
            }
            next.get().action().run();
        }
        long rest = target - clock.millis();
        if (rest > 0) {
            clock.advance(Duration.ofMillis(rest));
        }
    }
}

package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link Scheduler}: a {@link ScheduledExecutorService}; a failing task is logged, never lost silently. */
public final class ExecutorScheduler implements Scheduler {

    private static final Logger log = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledExecutorService executor;

    public ExecutorScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
        if (executor instanceof ScheduledThreadPoolExecutor pool) {
            pool.setRemoveOnCancelPolicy(true); // heartbeats cancel and reschedule all the time
        }
    }

    @Override
    public Timeout schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Group coordinator timer task failed", e);
            }
        }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}

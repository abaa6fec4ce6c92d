package io.tributary.broker;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's threads for timed work, split so that blocking work never delays a timer (as Kafka keeps its
 * {@code kafka-scheduler} pool and its cleaner threads apart from the purgatory's expiration reapers):
 * <ul>
 *   <li>{@link #maintenance()}: log work that blocks on the disk: retention, flushes, checkpoints, producer expiry;</li>
 *   <li>{@link #cleaner()}: log compaction, whose passes may take minutes;</li>
 *   <li>{@link #fetchTimer()}: the expiry of fetches waiting for {@code min.bytes}, which must fire at
 *       {@code max.wait.ms}, and of {@code acks=all} produces at their timeout. Nothing that blocks on a disk,
 *       ZooKeeper or another task is scheduled here;</li>
 *   <li>{@link #isr()}: the leader's ISR checks and their writes to ZooKeeper.</li>
 * </ul>
 * Closing lets a running maintenance or cleaning task finish for a while rather than interrupting it, since an
 * interrupt closes the file channel the task is using, and with it the segment's for every reader.
 */
final class BrokerSchedulers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerSchedulers.class);
    private static final int MAINTENANCE_THREADS = 2;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final ScheduledThreadPoolExecutor maintenance = pool("tributary-log-maintenance", MAINTENANCE_THREADS);
    private final ScheduledThreadPoolExecutor cleaner = pool("tributary-log-cleaner", 1);
    private final ScheduledThreadPoolExecutor fetchTimer = pool("tributary-fetch-timer", 1);
    private final ScheduledThreadPoolExecutor isr = pool("tributary-isr", 1);

    BrokerSchedulers() {
        // a completed fetch cancels its expiry: the cancelled task leaves the queue at once instead of at max.wait.ms
        fetchTimer.setRemoveOnCancelPolicy(true);
    }

    ScheduledExecutorService maintenance() {
        return maintenance;
    }

    ScheduledExecutorService cleaner() {
        return cleaner;
    }

    ScheduledExecutorService fetchTimer() {
        return fetchTimer;
    }

    ScheduledExecutorService isr() {
        return isr;
    }

    private static ScheduledThreadPoolExecutor pool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, threads == 1 ? name : name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, factory);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return pool;
    }

    @Override
    public void close() {
        fetchTimer.shutdownNow();
        isr.shutdownNow();
        maintenance.shutdown();
        cleaner.shutdown();
        awaitOrInterrupt(maintenance, "log maintenance");
        awaitOrInterrupt(cleaner, "log cleaner");
    }

    private static void awaitOrInterrupt(ScheduledThreadPoolExecutor pool, String name) {
        try {
            if (!pool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("The {} task still running after {} s is interrupted", name, CLOSE_WAIT_SECONDS);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

package io.tributary.protocol.dispatch;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one connection's tasks one at a time, in submission order, on a shared pool: this is what makes handler
 * invocation serial per connection while different connections run in parallel.
 * <p>
 * After each task the executor goes back to the end of the pool's queue instead of draining its own, so a
 * client pipelining many requests cannot hold a pool thread while other connections wait.
 */
final class SerialExecutor implements Executor {

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleNext();
    }

    private void scheduleNext() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::runOne);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                throw e;
            }
        }
    }

    private void runOne() {
        try {
            Runnable task = tasks.poll();
            if (task != null) {
                task.run();
            }
        } finally {
            scheduled.set(false);
            scheduleNext();
        }
    }
}

package io.tributary.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.tributary.broker.partition.Partition;

/**
 * A fetch waiting for {@code min.bytes}: it re-reads whenever the high watermark of one of its partitions moves and
 * completes when enough bytes are there, or with whatever is there when {@code max.wait.ms} runs out.
 */
final class DelayedFetch {

    private final List<Partition> partitions;
    private final Supplier<FetchHandler.FetchOutcome> reader;
    private final int minBytes;
    private final CompletableFuture<FetchHandler.FetchOutcome> future = new CompletableFuture<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable onHighWatermark = this::tryComplete;
    private volatile ScheduledFuture<?> timeout;

    DelayedFetch(List<Partition> partitions, Supplier<FetchHandler.FetchOutcome> reader, int minBytes) {
        this.partitions = partitions;
        this.reader = reader;
        this.minBytes = minBytes;
    }

    CompletableFuture<FetchHandler.FetchOutcome> future() {
        return future;
    }

    void start(ScheduledExecutorService timer, long delay, TimeUnit unit) {
        partitions.forEach(p -> p.addHighWatermarkWaiter(onHighWatermark));
        timeout = timer.schedule(this::expire, delay, unit);
        // data may have arrived between the first read and the registration
        tryComplete();
    }

    private void tryComplete() {
        if (done.get()) {
            return;
        }
        FetchHandler.FetchOutcome outcome = reader.get();
        if (outcome.bytes() >= minBytes || outcome.hasError()) {
            complete(outcome);
        }
    }

    private void expire() {
        if (!done.get()) {
            complete(reader.get());
        }
    }

    private void complete(FetchHandler.FetchOutcome outcome) {
        if (done.compareAndSet(false, true)) {
            partitions.forEach(p -> p.removeHighWatermarkWaiter(onHighWatermark));
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            future.complete(outcome);
        }
    }
}

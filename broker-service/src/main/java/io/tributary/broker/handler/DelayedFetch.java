package io.tributary.broker.handler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.tributary.broker.log.LogOffsetMetadata;
import io.tributary.broker.partition.Partition;

/**
 * A fetch waiting for {@code min.bytes}, as Kafka's {@code DelayedFetch}: each time the high watermark of one of its
 * partitions may have moved, it compares offsets, not records. For every partition it knows where the readable end
 * (the high watermark, or the log end for a follower) was when it read, with its segment and byte position; the bytes
 * that arrived since are the distance to where the end is now. It completes, reading its partitions once, when
 * those bytes reach {@code min.bytes}, when an end moved to another segment or backwards (a roll or a truncation:
 * the read sorts it out), when a partition is no longer led here or its log directory went offline (the read answers
 * with the error), or with whatever is there when {@code max.wait.ms} runs out.
 *
 * <p>The check runs on the thread that moved the high watermark, the producer's, for every waiting fetch of the
 * partition: it reads a few volatile fields per partition and never touches the log files. The one read that answers
 * the fetch runs on the thread that completes it (as in Kafka): that producer's, or the timer's at expiry.
 */
final class DelayedFetch {

    /**
     * One partition of a waiting fetch.
     *
     * @param endAtRead the readable end the read was bounded by
     * @param bytesRead what that read returned
     * @param maxBytes  the partition's share of the response ({@code partition_max_bytes})
     */
    record Watch(Partition partition, boolean fromReplica, LogOffsetMetadata endAtRead, int bytesRead, int maxBytes) {

        /** Where a fetch may read up to now: the high watermark for consumers, the log end for followers. */
        static LogOffsetMetadata readableEnd(Partition partition, boolean fromReplica) {
            return fromReplica ? partition.log().logEndOffsetMetadata() : partition.log().highWatermarkMetadata();
        }

        /** The bytes readable now, or -1 when offsets alone cannot tell and the fetch should read. */
        long bytesReadable() {
            if (!partition.isLeader() || !partition.log().isOnline()) {
                return -1;
            }
            LogOffsetMetadata now = readableEnd(partition, fromReplica);
            if (now.offset() == endAtRead.offset()) {
                return bytesRead;
            }
            if (now.offset() < endAtRead.offset() || !now.onSameSegment(endAtRead)) {
                return -1;
            }
            return Math.min(maxBytes, (long) bytesRead + now.positionDiff(endAtRead));
        }
    }

    private final List<Watch> watches;
    private final Set<Partition> partitions = new LinkedHashSet<>();
    private final Supplier<FetchHandler.FetchOutcome> reader;
    private final int minBytes;
    private final CompletableFuture<FetchHandler.FetchOutcome> future = new CompletableFuture<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable onHighWatermark = this::tryComplete;
    private volatile ScheduledFuture<?> timeout;

    DelayedFetch(List<Watch> watches, Supplier<FetchHandler.FetchOutcome> reader, int minBytes) {
        this.watches = watches;
        this.reader = reader;
        this.minBytes = minBytes;
        watches.forEach(watch -> partitions.add(watch.partition()));
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
        if (!done.get() && satisfied()) {
            complete();
        }
    }

    private boolean satisfied() {
        long readable = 0;
        for (Watch watch : watches) {
            long bytes = watch.bytesReadable();
            if (bytes < 0) {
                return true;
            }
            readable += bytes;
        }
        return readable >= minBytes;
    }

    private void expire() {
        complete();
    }

    /** Reads and answers, once: whichever of the waiters and the timeout gets here first. */
    private void complete() {
        if (done.compareAndSet(false, true)) {
            partitions.forEach(p -> p.removeHighWatermarkWaiter(onHighWatermark));
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            try {
                future.complete(reader.get());
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        }
    }
}

package io.tributary.broker.handler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.broker.partition.Partition;

/**
 * An {@code acks=all} produce whose records are in the leader's log, waiting until the ISR has them, as Kafka's
 * {@code DelayedProduce}: each partition is done when its high watermark passes the last appended offset (NONE, or
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR fell below {@code min.insync.replicas} meanwhile) or when this broker
 * stops leading it (NOT_LEADER_OR_FOLLOWER); the response goes once every partition is done, or at the request's
 * {@code timeoutMs} with REQUEST_TIMED_OUT for those still waiting. The records stay in the log either way: an
 * idempotent producer's retry is recognised as a duplicate.
 *
 * <p>The check runs on whichever thread moved a high watermark, a log end or a partition's state: the producer's,
 * a follower fetch's or the metadata thread. It reads a few volatile fields per partition.
 */
final class DelayedProduce {

    /**
     * One partition of the request, appended and waiting.
     *
     * @param requiredOffset one past the last offset appended: the high watermark it waits for
     * @param response       the partition's answer, its offsets already set; the wait sets its error
     */
    record Waiting(Partition partition, long requiredOffset, ProduceResponseData.PartitionProduceResponse response) {
    }

    private final List<Waiting> waiting;
    private final boolean[] done;
    private final Set<Partition> partitions = new LinkedHashSet<>();
    private final ProduceResponseData response;
    private final CompletableFuture<ProduceResponseData> future = new CompletableFuture<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final Runnable onChange = this::tryComplete;
    private volatile ScheduledFuture<?> timeout;

    DelayedProduce(List<Waiting> waiting, ProduceResponseData response) {
        this.waiting = waiting;
        this.done = new boolean[waiting.size()];
        this.response = response;
        waiting.forEach(w -> partitions.add(w.partition()));
    }

    CompletableFuture<ProduceResponseData> future() {
        return future;
    }

    void start(ScheduledExecutorService timer, long timeoutMs) {
        if (check()) {
            // an ISR of the leader alone: done at the append, nothing to watch or time
            complete();
            return;
        }
        partitions.forEach(p -> p.addHighWatermarkWaiter(onChange));
        timeout = timer.schedule(this::expire, Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        // the high watermark may have passed already, before the registration
        tryComplete();
    }

    private void tryComplete() {
        if (!completed.get() && check()) {
            complete();
        }
    }

    /** @return whether every partition is done */
    private synchronized boolean check() {
        boolean all = true;
        for (int i = 0; i < waiting.size(); i++) {
            if (done[i]) {
                continue;
            }
            Waiting w = waiting.get(i);
            Optional<Errors> outcome = w.partition().acksAllOutcome(w.requiredOffset());
            if (outcome.isEmpty()) {
                all = false;
                continue;
            }
            done[i] = true;
            Errors error = outcome.get();
            if (error != Errors.NONE) {
                w.response().setErrorCode(error.code()).setErrorMessage(message(error, w));
            }
        }
        return all;
    }

    private synchronized void expire() {
        for (int i = 0; i < waiting.size(); i++) {
            if (!done[i]) {
                done[i] = true;
                Waiting w = waiting.get(i);
                w.response().setErrorCode(Errors.REQUEST_TIMED_OUT.code()).setErrorMessage(message(Errors.REQUEST_TIMED_OUT, w));
            }
        }
        complete();
    }

    private static String message(Errors error, Waiting w) {
        String partition = w.partition().topic() + "-" + w.partition().index();
        return switch (error) {
            case REQUEST_TIMED_OUT -> "The in-sync replicas of " + partition + " did not reach offset "
                    + w.requiredOffset() + " within the request's timeout";
            case NOT_ENOUGH_REPLICAS_AFTER_APPEND -> "The records were appended to " + partition + ", but the ISR fell "
                    + "below min.insync.replicas before it had them";
            default -> error.message();
        };
    }

    /** Answers, once: whichever of the waiters and the timeout gets here first. */
    private void complete() {
        if (completed.compareAndSet(false, true)) {
            partitions.forEach(p -> p.removeHighWatermarkWaiter(onChange));
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            synchronized (this) {
                future.complete(response);
            }
        }
    }
}

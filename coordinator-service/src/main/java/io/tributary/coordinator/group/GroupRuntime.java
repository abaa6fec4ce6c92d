package io.tributary.coordinator.group;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.coordinator.log.CoordinatorLog;
import io.tributary.coordinator.log.CoordinatorRecord;

/**
 * What every group operation shares: time, timers, the log, and the locking discipline (take the group's lock,
 * run, release, then complete the futures the operation deferred).
 */
final class GroupRuntime {

    private static final Logger log = LoggerFactory.getLogger(GroupRuntime.class);

    final GroupConfig config;
    private final CoordinatorLog coordinatorLog;
    private final Clock clock;
    private final Scheduler scheduler;

    GroupRuntime(GroupConfig config, CoordinatorLog coordinatorLog, Clock clock, Scheduler scheduler) {
        this.config = config;
        this.coordinatorLog = coordinatorLog;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    long now() {
        return clock.millis();
    }

    int partitionFor(String groupId) {
        return coordinatorLog.partitionFor(groupId);
    }

    <T> T locked(ClassicGroup group, Supplier<T> body) {
        group.lock.lock();
        List<Runnable> after = List.of();
        try {
            return body.get();
        } finally {
            after = group.drainDeferred();
            group.lock.unlock();
            after.forEach(GroupRuntime::runQuietly);
        }
    }

    void locked(ClassicGroup group, Runnable body) {
        locked(group, () -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code task} under the group's lock after {@code delay}, unless the group is Dead by then. */
    Scheduler.Timeout schedule(ClassicGroup group, Duration delay, Runnable task) {
        return scheduler.schedule(delay, () -> locked(group, () -> {
            if (!group.is(GroupState.DEAD)) {
                task.run();
            }
        }));
    }

    /**
     * Appends {@code records} to the group's partition; {@code done} runs under the group's lock with NONE or the
     * error the client should see, whatever the group's state is by then. Call it last in an operation: an append
     * that completes at once runs {@code done} inside the caller's lock.
     */
    void append(ClassicGroup group, List<CoordinatorRecord> records, Consumer<Errors> done) {
        CompletableFuture<Void> written;
        try {
            written = coordinatorLog.append(group.partition(), records);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ignored, failure) -> {
            Errors error = failure == null ? Errors.NONE : appendError(failure);
            if (failure != null) {
                log.warn("Writing {} record(s) of group {} to partition {} of __consumer_offsets failed: {}",
                        records.size(), group.groupId(), group.partition(), failure.toString());
            }
            locked(group, () -> done.accept(error));
        });
    }

    /** Kafka's translation of a failed coordinator write into the error a group client reacts to. */
    static Errors appendError(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Errors error = Errors.forException(cause);
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.UNKNOWN_SERVER_ERROR;
            default -> error;
        };
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("Completing a group request failed", e);
        }
    }
}

package io.tributary.broker.log;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entry of {@code log.dirs} as the logs in it see it: where it is, how its files are written
 * ({@link StorageIo}), and whether it still serves. Thread-safe.
 *
 * <pre>
 *   online ──first I/O failure of any log in it──▶ offline (until the broker restarts)
 * </pre>
 *
 * <p>Error handling: {@link #guard} is the funnel every operation on a log's files runs through (Kafka's
 * {@code LogDirFailureChannel}). The first I/O failure that reaches it takes the whole directory offline and is
 * logged once; from then on every guarded operation of every log in the directory fails at once with
 * {@link KafkaStorageException}, which clients receive as KAFKA_STORAGE_ERROR, while the other directories keep
 * serving. Nothing is written to an offline directory again: whatever a failure left half-done there (a torn batch, an
 * unsynced segment) is repaired by recovery at the next start, before anything is appended after it. Going offline at
 * the first failure, whatever its kind, is Kafka's rule and the only safe one: after a failed write or fsync the
 * kernel's view of the files can no longer be trusted to match the log's (Linux may drop the dirty pages of a failed
 * fsync and report the next one clean), so only a restart that re-validates the files may append there again.
 */
public final class LogDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(LogDirectory.class);

    private final Path path;
    private final StorageIo io;
    private final AtomicReference<String> offlineReason = new AtomicReference<>();

    public LogDirectory(Path path, StorageIo io) {
        this.path = path.toAbsolutePath().normalize();
        this.io = io;
    }

    public Path path() {
        return path;
    }

    StorageIo io() {
        return io;
    }

    public boolean isOnline() {
        return offlineReason.get() == null;
    }

    /** Why the directory went offline: the first failure's message; empty while online. */
    public Optional<String> offlineReason() {
        return Optional.ofNullable(offlineReason.get());
    }

    /**
     * Runs one operation on the files of this directory: {@code action} on {@code subject} (a partition, the
     * directory's checkpoints), both only for messages.
     *
     * @throws KafkaStorageException if the directory is offline, or went offline because the operation met an I/O
     *                               failure
     */
    <T> T guard(String action, Object subject, Supplier<T> body) {
        ensureOnline(subject);
        try {
            return body.get();
        } catch (RuntimeException | InternalError e) {
            if (!StorageErrors.isIoFailure(e)) {
                throw e;
            }
            throw fail(action, subject, e);
        }
    }

    void guard(String action, Object subject, Runnable body) {
        guard(action, subject, () -> {
            body.run();
            return null;
        });
    }

    void ensureOnline(Object subject) {
        String reason = offlineReason.get();
        if (reason != null) {
            throw new KafkaStorageException("Log directory " + path + " of " + subject + " is offline: " + reason);
        }
    }

    /**
     * Takes the directory offline because {@code action} on {@code subject} met {@code failure}.
     *
     * @return the exception to throw to the caller of the failed operation
     */
    KafkaStorageException fail(String action, Object subject, Throwable failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        if (offlineReason.compareAndSet(null, action + " " + subject + " failed: " + message)) {
            LOG.error("Log directory {} is offline: {} {} failed; its partitions answer KAFKA_STORAGE_ERROR until the "
                    + "broker restarts, the other log directories keep serving", path, action, subject, failure);
        } else {
            LOG.debug("{} {} failed in offline log directory {}: {}", action, subject, path, message);
        }
        return new KafkaStorageException(message + " (log directory " + path + " is offline)", failure);
    }

    @Override
    public String toString() {
        return "LogDirectory(" + path + (isOnline() ? ", online)" : ", offline)");
    }
}

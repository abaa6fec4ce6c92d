package io.tributary.broker.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * Where storage code turns an {@link IOException} into a {@link KafkaStorageException} (a retriable Kafka error,
 * KAFKA_STORAGE_ERROR on the wire) naming the file and what was being done: callers above the storage engine never
 * see a raw {@link IOException}. This is the first half of the failure funnel; the second is
 * {@link LogDirectory#guard}, which every log operation runs in and which takes the directory offline when such a
 * failure reaches it ({@link #isIoFailure}).
 */
final class StorageErrors {

    private StorageErrors() {
    }

    static KafkaStorageException wrap(String action, Path path, IOException cause) {
        return new KafkaStorageException("Error while " + action + " " + path + ": " + cause.getMessage(), cause);
    }

    @FunctionalInterface
    interface IoAction<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    interface IoRunnable {
        void run() throws IOException;
    }

    static <T> T call(String action, Path path, IoAction<T> body) {
        try {
            return body.run();
        } catch (IOException e) {
            throw wrap(action, path, e);
        }
    }

    static void run(String action, Path path, IoRunnable body) {
        try {
            body.run();
        } catch (IOException e) {
            throw wrap(action, path, e);
        }
    }

    /**
     * Whether {@code failure} comes from the disk: an {@link IOException} anywhere in its causes (kafka-clients'
     * batch iterators wrap theirs in a {@code KafkaException}), or the JVM's {@link InternalError} for a fault in a
     * memory-mapped file, which is how a failing disk shows through an index mapping.
     */
    static boolean isIoFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException || cause instanceof InternalError) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}

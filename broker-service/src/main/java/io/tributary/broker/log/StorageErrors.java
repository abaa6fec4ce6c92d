package io.tributary.broker.log;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * The one funnel for I/O failures: callers above the storage engine see a {@link KafkaStorageException}
 * (a retriable Kafka error, KAFKA_STORAGE_ERROR on the wire) naming the file, never a raw {@link IOException}.
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
}

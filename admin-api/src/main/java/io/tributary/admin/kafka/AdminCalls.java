package io.tributary.admin.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.springframework.stereotype.Component;

import io.tributary.admin.config.AdminApiProperties;

/**
 * Waits for a Kafka Admin result on the request thread and rethrows what the cluster answered (an
 * {@link org.apache.kafka.common.errors.ApiException} such as {@code UnknownTopicOrPartitionException}) unwrapped, so
 * that the problem handler maps it to its status; the request timeout bounds every wait.
 */
@Component
public class AdminCalls {

    private final long timeoutMs;

    public AdminCalls(AdminApiProperties properties) {
        this.timeoutMs = properties.requestTimeout().toMillis();
    }

    public <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new KafkaException(cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("The cluster did not answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for the cluster", e);
        }
    }
}

package io.tributary.spring.autoconfigure.listener.endpoint;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/kafkalisteners}: every {@code @KafkaListener} with its state, assignments and lag; one listener
 * by id; and operations on one listener: {@code POST …/{id}/pause}, {@code …/resume}, {@code …/seek} (body:
 * {@code to} = beginning, end, offset or timestamp, with {@code offset} or {@code timestamp}; {@code topic} and
 * {@code partition} for one partition, neither for all the listener is assigned) and {@code …/replay} (its
 * dead-letter topics back into their source topics).
 */
@Endpoint(id = "kafkalisteners")
public class ListenersEndpoint {

    private final ListenerOperations operations;

    public ListenersEndpoint(ListenerOperations operations) {
        this.operations = operations;
    }

    @ReadOperation
    public ListenersDescriptor listeners() {
        return operations.all();
    }

    @ReadOperation
    public ListenerDescriptor listener(@Selector String id) {
        return operations.one(id);
    }

    @WriteOperation
    public OperationOutcome operate(@Selector String id, @Selector String operation, @Nullable String topic,
                                    @Nullable Integer partition, @Nullable String to, @Nullable Long offset,
                                    @Nullable Long timestamp) {
        return switch (operation.toLowerCase(Locale.ROOT)) {
            case "pause" -> operations.pause(id);
            case "resume" -> operations.resume(id);
            case "seek" -> operations.seek(id, topic, partition, to, offset, timestamp);
            case "replay" -> operations.replay(id);
            default -> {
                operations.one(id);
                throw ListenerOperationException.unknownOperation(operation);
            }
        };
    }
}

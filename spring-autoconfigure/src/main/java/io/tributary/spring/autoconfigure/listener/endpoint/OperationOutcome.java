package io.tributary.spring.autoconfigure.listener.endpoint;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import io.tributary.spring.autoconfigure.listener.replay.DeadLetterReplay;

/**
 * What a write operation of the kafkalisteners endpoint did.
 *
 * @param sought for a seek: each partition's new position, and whether it was committed too
 * @param replayed for a dead-letter replay: the records put back, per dead-letter topic
 * @param listener the listener afterwards
 */
public record OperationOutcome(String operation, List<Seek> sought, List<DeadLetterReplay> replayed,
                               ListenerDescriptor listener) implements OperationResponseBody {

    /** One partition's seek. */
    public record Seek(String topic, int partition, long offset, boolean committed) {
    }
}

package io.tributary.broker.log;

import org.apache.kafka.common.KafkaException;

/**
 * A follower was given batches that start below its log end offset: appending them would overwrite offsets it holds.
 * The fetcher re-reads its position and fetches again (Kafka's exception of the same name).
 */
public final class UnexpectedAppendOffsetException extends KafkaException {

    private final long firstOffset;

    public UnexpectedAppendOffsetException(String message, long firstOffset) {
        super(message);
        this.firstOffset = firstOffset;
    }

    public long firstOffset() {
        return firstOffset;
    }
}

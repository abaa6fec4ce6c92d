package io.tributary.broker.log;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One idempotent producer's state in one partition: its epoch and its last {@value #RETAINED_BATCHES} batches,
 * the most a producer may have in flight (max.in.flight.requests.per.connection), so that any retry of an
 * in-flight batch is recognised, and when it last appended, for expiry.
 */
final class ProducerStateEntry {

    static final int RETAINED_BATCHES = 5;

    private final long producerId;
    private short epoch;
    private final Deque<BatchMetadata> batches;
    private long lastAppendMs;

    /** @param lastAppendMs the broker's clock when the producer last appended here */
    ProducerStateEntry(long producerId, short epoch, List<BatchMetadata> batches, long lastAppendMs) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.batches = new ArrayDeque<>(batches);
        this.lastAppendMs = lastAppendMs;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Oldest first. */
    List<BatchMetadata> batches() {
        return List.copyOf(batches);
    }

    long lastAppendMs() {
        return lastAppendMs;
    }

    ProducerStateEntry copy() {
        return new ProducerStateEntry(producerId, epoch, List.copyOf(batches), lastAppendMs);
    }

    /** The retained batch that {@code batch} repeats: same epoch, same first and last sequence. */
    Optional<BatchMetadata> findDuplicate(RecordBatch batch) {
        if (batch.producerEpoch() != epoch) {
            return Optional.empty();
        }
        return batches.stream()
                .filter(m -> m.firstSequence() == batch.baseSequence() && m.lastSequence() == batch.lastSequence())
                .findFirst();
    }

    boolean hasBatches() {
        return !batches.isEmpty();
    }

    int lastSequence() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.peekLast().lastSequence();
    }

    /** Records a batch appended at {@code appendMs}; a new epoch starts a new history. */
    void add(short batchEpoch, BatchMetadata metadata, long appendMs) {
        lastAppendMs = Math.max(lastAppendMs, appendMs);
        if (batchEpoch != epoch) {
            epoch = batchEpoch;
            batches.clear();
        }
        batches.addLast(metadata);
        while (batches.size() > RETAINED_BATCHES) {
            batches.removeFirst();
        }
    }
}

package io.tributary.spring.autoconfigure.consumer.batch;

import java.time.Duration;

import org.springframework.kafka.support.Acknowledgment;

/**
 * The acknowledgment a manually acknowledging listener gets with a batch cut before a record that failed conversion.
 * The container's own would acknowledge the whole poll, records after the cut included, although the listener never
 * saw them; here acknowledging the batch does nothing, because the conversion failure thrown after the listener makes
 * the error handler commit the records before the cut and deliver the rest again. Acknowledging or refusing one
 * record by its index reaches the container's as it is: the indexes before the cut are the same in both.
 */
final class CutBatchAcknowledgment implements Acknowledgment {

    private final Acknowledgment whole;

    CutBatchAcknowledgment(Acknowledgment whole) {
        this.whole = whole;
    }

    @Override
    public void acknowledge() {
    }

    @Override
    public void acknowledge(int index) {
        whole.acknowledge(index);
    }

    @Override
    public void nack(int index, Duration sleep) {
        whole.nack(index, sleep);
    }

    @Override
    public boolean isOutOfOrderCommit() {
        return whole.isOutOfOrderCommit();
    }
}

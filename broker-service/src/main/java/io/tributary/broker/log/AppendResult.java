package io.tributary.broker.log;

/**
 * The outcome of {@link PartitionLog#append}, as a Produce response reports it.
 *
 * @param baseOffset      first offset of the appended batches (of the original batch for a duplicate)
 * @param lastOffset      last offset of the appended batches (of the original batch for a duplicate)
 * @param logAppendTimeMs the broker time stamped on the batches for {@code LogAppendTime} topics, else -1
 * @param logStartOffset  the log start offset after the append
 * @param duplicate       whether the batch repeated one already appended by the same idempotent producer, so
 *                        nothing was written
 * @param recordCount     records appended (of the original batch for a duplicate)
 */
public record AppendResult(long baseOffset, long lastOffset, long logAppendTimeMs, long logStartOffset,
                           boolean duplicate, int recordCount) {
}

package io.tributary.broker.log;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The whole, validated batches of a fetch answer a follower appends, and the offsets they span.
 *
 * @param records     the batches, a partial one at the end left out
 * @param firstOffset the first batch's base offset
 * @param lastOffset  the last batch's last offset
 * @param recordCount records in the batches (compaction may leave fewer than offsets)
 */
record ReplicatedBatches(MemoryRecords records, long firstOffset, long lastOffset, int recordCount) {

    /** @see RecordBatchValidator#validateReplicated for what is checked and thrown */
    static ReplicatedBatches of(MemoryRecords fetched, LogConfig config, String partition) {
        MemoryRecords records = RecordBatchValidator.wholeBatches(fetched, partition);
        RecordBatchValidator.validateReplicated(records, config, partition);
        long firstOffset = -1;
        long lastOffset = -1;
        int recordCount = 0;
        for (RecordBatch batch : records.batches()) {
            if (firstOffset < 0) {
                firstOffset = batch.baseOffset();
            }
            lastOffset = batch.lastOffset();
            Integer count = batch.countOrNull();
            recordCount += count == null ? 0 : count;
        }
        return new ReplicatedBatches(records, firstOffset, lastOffset, recordCount);
    }

    /** @throws UnexpectedAppendOffsetException if the batches start below {@code logEndOffset} */
    void checkStartsAtOrAbove(long logEndOffset, Object partition) {
        if (firstOffset < logEndOffset) {
            throw new UnexpectedAppendOffsetException("Replicated batches for " + partition + " start at offset "
                    + firstOffset + ", below the log end offset " + logEndOffset, firstOffset);
        }
    }
}

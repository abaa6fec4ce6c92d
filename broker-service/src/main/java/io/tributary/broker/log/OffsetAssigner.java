package io.tributary.broker.log;

import java.util.Optional;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Gives the batches of one append their place in the log, in the buffer as received: offsets from the log end on,
 * the leader epoch, and the broker's time for {@code LogAppendTime} topics; each batch is checked against the
 * producer state first, and a duplicate of a retained batch stops the append with that batch's offsets. The caller
 * holds the log's lock.
 */
final class OffsetAssigner {

    /**
     * The outcome: either {@code duplicate}, or the offsets the batches now span.
     *
     * @param nextOffset the log end offset once the batches are appended
     */
    record Assigned(Optional<AppendResult> duplicate, long nextOffset, int recordCount) {
    }

    private OffsetAssigner() {
    }

    static Assigned assign(MemoryRecords records, ProducerStateManager.Update producers, long firstOffset,
                           long logStartOffset, int leaderEpoch, long logAppendTime) {
        long nextOffset = firstOffset;
        int recordCount = 0;
        for (MutableRecordBatch batch : records.batches()) {
            Optional<BatchMetadata> duplicate = producers.check(batch);
            if (duplicate.isPresent()) {
                BatchMetadata original = duplicate.get();
                return new Assigned(Optional.of(new AppendResult(original.firstOffset(), original.lastOffset(),
                        RecordBatch.NO_TIMESTAMP, logStartOffset, true,
                        (int) (original.lastOffset() - original.firstOffset() + 1))), firstOffset, 0);
            }
            long span = batch.lastOffset() - batch.baseOffset() + 1;
            batch.setLastOffset(nextOffset + span - 1);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTime != RecordBatch.NO_TIMESTAMP) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTime);
            }
            producers.append(batch);
            nextOffset += span;
            recordCount += (int) span;
        }
        return new Assigned(Optional.empty(), nextOffset, recordCount);
    }
}

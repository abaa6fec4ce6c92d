package io.tributary.broker.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * The checks a produced request passes before anything of it is written, each failing with the Kafka error a
 * client expects. The batches' contents are not decompressed: the CRC covers them.
 */
final class RecordBatchValidator {

    private RecordBatchValidator() {
    }

    /**
     * @throws InvalidRecordException        if there is no batch, a batch is not magic v2, its record count
     *                                       does not match its offset range, or a record of a compacted topic
     *                                       has no key
     * @throws RecordTooLargeException       if a batch is larger than {@code max.message.bytes}
     * @throws RecordBatchTooLargeException  if the request is larger than a segment
     * @throws CorruptRecordException        if a CRC does not match or the request ends with a partial batch
     */
    static void validate(MemoryRecords records, LogConfig config, String partition) {
        int batches = 0;
        for (MutableRecordBatch batch : records.batches()) {
            batches++;
            if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                throw new InvalidRecordException("Record batch for " + partition + " has magic " + batch.magic()
                        + "; only magic 2 (Kafka 0.11 and later) is supported");
            }
            if (batch.sizeInBytes() > config.maxMessageBytes()) {
                throw new RecordTooLargeException("Record batch for " + partition + " is " + batch.sizeInBytes()
                        + " bytes, larger than max.message.bytes=" + config.maxMessageBytes());
            }
            try {
                batch.ensureValid();
            } catch (CorruptRecordException e) {
                throw new CorruptRecordException("Record batch for " + partition + " is corrupt: " + e.getMessage());
            }
            Integer count = batch.countOrNull();
            long span = batch.lastOffset() - batch.baseOffset() + 1;
            if (count == null || count <= 0 || count != span) {
                throw new InvalidRecordException("Record batch for " + partition + " holds " + count
                        + " records but spans " + span + " offsets");
            }
            if (config.compactEnabled() && !batch.isControlBatch()) {
                requireKeys(batch, partition);
            }
        }
        if (batches == 0) {
            throw new InvalidRecordException("Produce request for " + partition + " holds no record batch");
        }
        if (records.validBytes() != records.sizeInBytes()) {
            throw new CorruptRecordException("Produce request for " + partition + " ends with a partial record batch");
        }
        if (records.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Produce request for " + partition + " is " + records.sizeInBytes()
                    + " bytes, larger than segment.bytes=" + config.segmentBytes());
        }
    }

    /** Kafka's rule: the cleaner keeps the latest record per key, so a record without one has no place in the log. */
    private static void requireKeys(MutableRecordBatch batch, String partition) {
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (records.hasNext()) {
                if (!records.next().hasKey()) {
                    throw new InvalidRecordException("Compacted topic cannot accept message without key in topic partition "
                            + partition + ".");
                }
            }
        }
    }
}

package io.tributary.broker.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferInputStream;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * The checks a produced request passes before anything of it is written, each failing with the Kafka error a
 * client expects. As Kafka's broker does, every record of every batch is read (compressed batches as a stream,
 * keys and values skipped, not copied), so that nothing a consumer cannot read gets into the log, whatever the
 * CRC says: a client computes the CRC over whatever bytes it sends.
 * <p>
 * Bounds: the batch lengths are walked by hand before kafka-clients iterates the batches, whose iterator adds the
 * 12-byte log overhead to a claimed length without checking for overflow; a record's claimed length is never
 * allocated, only skipped over.
 */
final class RecordBatchValidator {

    /** The codec ids kafka-clients knows: none, gzip, snappy, lz4, zstd. */
    private static final int MAX_CODEC_ID = CompressionType.ZSTD.id;
    private static final int CODEC_MASK = 0x07;
    private static final int MAGIC_OFFSET = 16;
    private static final int ATTRIBUTES_OFFSET = 21;

    /** Decompression buffers, reused by each request thread as Kafka's request-local supplier is. */
    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    private RecordBatchValidator() {
    }

    /**
     * @throws InvalidRecordException        if there is no batch, a batch is not magic v2, its record count does
     *                                       not match its offset range, it is a control batch, an idempotent
     *                                       batch has a negative sequence, or a record of a compacted topic has
     *                                       no key
     * @throws RecordTooLargeException       if a batch is larger than {@code max.message.bytes}
     * @throws RecordBatchTooLargeException  if the request is larger than a segment
     * @throws CorruptRecordException        if a batch length runs past the request, a CRC does not match, the
     *                                       codec is unknown, or the records do not read as the batch declares
     */
    static void validate(MemoryRecords records, LogConfig config, String partition) {
        ByteBuffer bytes = records.buffer().duplicate();
        checkBatchLengths(bytes, partition);
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
            checkHeader(batch, partition);
            checkRecords(batch, bytes, config.compactEnabled(), partition);
            bytes.position(bytes.position() + batch.sizeInBytes());
        }
        if (batches == 0) {
            throw new InvalidRecordException("Produce request for " + partition + " holds no record batch");
        }
        if (records.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Produce request for " + partition + " is " + records.sizeInBytes()
                    + " bytes, larger than segment.bytes=" + config.segmentBytes());
        }
    }

    /**
     * The whole batches at the start of {@code records}: a fetch response may end with a partial batch (reads cut
     * at {@code max.bytes}), which a follower leaves for its next fetch, as consumers do.
     *
     * @throws CorruptRecordException if a batch claims fewer bytes than a batch header
     */
    static MemoryRecords wholeBatches(MemoryRecords records, String partition) {
        ByteBuffer buffer = records.buffer();
        int position = buffer.position();
        while (buffer.limit() - position >= Records.LOG_OVERHEAD) {
            int length = buffer.getInt(position + Records.SIZE_OFFSET);
            if (length < DefaultRecordBatch.RECORD_BATCH_OVERHEAD - Records.LOG_OVERHEAD) {
                throw new CorruptRecordException("Record batch for " + partition + " claims " + length
                        + " bytes, fewer than a batch header");
            }
            if (length > buffer.limit() - position - Records.LOG_OVERHEAD) {
                break;
            }
            position += Records.LOG_OVERHEAD + length;
        }
        if (position == buffer.limit()) {
            return records;
        }
        return MemoryRecords.readableRecords(buffer.duplicate().limit(position).slice());
    }

    /**
     * The checks of batches a follower copies from its leader, which validated their records when they were produced:
     * whole batches, magic v2, CRCs, record counts that match the offset range, offsets that only grow, and nothing
     * larger than a segment. Control batches and any base offset are allowed: they are the leader's.
     *
     * @throws InvalidRecordException  if there is no batch, a batch is not magic v2, its count does not match its
     *                                 offsets, or its offsets do not follow the previous batch's
     * @throws CorruptRecordException  if a batch length runs past the buffer or a CRC does not match
     * @throws RecordBatchTooLargeException if the records are larger than a segment
     */
    static void validateReplicated(MemoryRecords records, LogConfig config, String partition) {
        checkBatchLengths(records.buffer().duplicate(), partition);
        int batches = 0;
        long nextOffset = -1;
        for (MutableRecordBatch batch : records.batches()) {
            batches++;
            if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                throw new InvalidRecordException("Replicated record batch for " + partition + " has magic " + batch.magic());
            }
            try {
                batch.ensureValid();
            } catch (CorruptRecordException e) {
                throw new CorruptRecordException("Replicated record batch for " + partition + " is corrupt: " + e.getMessage());
            }
            Integer count = batch.countOrNull();
            if (count == null || count < 0 || count > batch.lastOffset() - batch.baseOffset() + 1) {
                throw new InvalidRecordException("Replicated record batch for " + partition + " holds " + count
                        + " records in offsets " + batch.baseOffset() + ".." + batch.lastOffset());
            }
            if (batch.baseOffset() < nextOffset) {
                throw new InvalidRecordException("Replicated record batches for " + partition + " go back from offset "
                        + (nextOffset - 1) + " to " + batch.baseOffset());
            }
            nextOffset = batch.nextOffset();
        }
        if (batches == 0) {
            throw new InvalidRecordException("Replicated records for " + partition + " hold no record batch");
        }
        if (records.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Replicated records for " + partition + " are " + records.sizeInBytes()
                    + " bytes, larger than segment.bytes=" + config.segmentBytes());
        }
    }

    /**
     * Every batch's claimed length must fit a batch header and end within the request, and a v2 batch must name a
     * codec that exists (kafka-clients throws IllegalArgumentException for an unknown one when asked).
     */
    private static void checkBatchLengths(ByteBuffer buffer, String partition) {
        int position = buffer.position();
        while (position < buffer.limit()) {
            int remaining = buffer.limit() - position;
            if (remaining < Records.LOG_OVERHEAD) {
                throw partial(partition);
            }
            int length = buffer.getInt(position + Records.SIZE_OFFSET);
            if (length < DefaultRecordBatch.RECORD_BATCH_OVERHEAD - Records.LOG_OVERHEAD) {
                throw new CorruptRecordException("Record batch for " + partition + " claims " + length
                        + " bytes, fewer than a batch header");
            }
            if (length > remaining - Records.LOG_OVERHEAD) {
                throw partial(partition);
            }
            int codec = buffer.getShort(position + ATTRIBUTES_OFFSET) & CODEC_MASK;
            if (buffer.get(position + MAGIC_OFFSET) == RecordBatch.MAGIC_VALUE_V2 && codec > MAX_CODEC_ID) {
                throw new CorruptRecordException("Record batch for " + partition + " names compression codec "
                        + codec + ", which does not exist");
            }
            position += Records.LOG_OVERHEAD + length;
        }
    }

    private static CorruptRecordException partial(String partition) {
        return new CorruptRecordException("Produce request for " + partition + " ends with a partial record batch");
    }

    private static void checkHeader(MutableRecordBatch batch, String partition) {
        Integer count = batch.countOrNull();
        long span = batch.lastOffset() - batch.baseOffset() + 1;
        if (count == null || count <= 0 || count != span) {
            throw new InvalidRecordException("Record batch for " + partition + " holds " + count
                    + " records but spans " + span + " offsets");
        }
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("Clients are not allowed to write control records in topic partition "
                    + partition);
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw new InvalidRecordException("Invalid sequence number " + batch.baseSequence()
                    + " in record batch with producerId " + batch.producerId() + " in topic partition " + partition);
        }
    }

    /**
     * Reads every record as a consumer would ({@link RecordStructure}), decompressing a compressed batch as a
     * stream; a compacted topic's records must each have a key.
     */
    private static void checkRecords(MutableRecordBatch batch, ByteBuffer bytes, boolean compacted,
            String partition) {
        ByteBuffer records = bytes.duplicate().position(bytes.position() + DefaultRecordBatch.RECORD_BATCH_OVERHEAD)
                .limit(bytes.position() + batch.sizeInBytes()).slice();
        BufferSupplier buffers = BUFFERS.get();
        try (InputStream in = batch.compressionType() == CompressionType.NONE ? new ByteBufferInputStream(records)
                : Compression.of(batch.compressionType()).build().wrapForInput(records, RecordBatch.MAGIC_VALUE_V2,
                        buffers)) {
            RecordStructure.check(in, batch.countOrNull());
        } catch (IOException | RuntimeException e) {
            // a record that does not read, a decompressor's KafkaException, a varint that does not end
            throw new CorruptRecordException("Record batch for " + partition + " holds records that do not read: "
                    + e.getMessage());
        }
        if (compacted) {
            requireKeys(batch, buffers, partition);
        }
    }

    /** Kafka's rule: the cleaner keeps the latest record per key, so a record without one has no place. */
    private static void requireKeys(MutableRecordBatch batch, BufferSupplier buffers, String partition) {
        try (CloseableIterator<Record> records = batch.skipKeyValueIterator(buffers)) {
            while (records.hasNext()) {
                if (!records.next().hasKey()) {
                    throw new InvalidRecordException("Compacted topic cannot accept message without key in topic "
                            + "partition " + partition + ".");
                }
            }
        }
    }
}

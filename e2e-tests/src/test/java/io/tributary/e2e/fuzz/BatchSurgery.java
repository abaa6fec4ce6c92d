package io.tributary.e2e.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.apache.kafka.common.utils.internals.Crc32C;

/**
 * Mutations inside one v2 record batch that a CRC check cannot catch, because the CRC is recomputed afterwards:
 * extreme header fields (record count, offsets, sequence, codec bits), a batch length that lies, a different
 * magic, and records whose lengths or header counts are huge or negative, re-compressed with the batch's own codec.
 * This reaches the code behind the CRC check: the per-record reads a broker does on a compressed batch.
 *
 * <pre>
 * v2 batch: baseOffset(8) batchLength(4) leaderEpoch(4) magic(1) crc(4) attributes(2) lastOffsetDelta(4)
 *           baseTimestamp(8) maxTimestamp(8) producerId(8) producerEpoch(2) baseSequence(4) recordCount(4) records
 * record:   length(varint) attributes(1) timestampDelta(varlong) offsetDelta(varint) keyLength(varint) key
 *           valueLength(varint) value headerCount(varint) headers
 * </pre>
 */
final class BatchSurgery {

    private static final int LENGTH_OFFSET = 8;
    private static final int MAGIC_OFFSET = 16;
    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int BASE_TIMESTAMP_OFFSET = 27;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;
    private static final int RECORD_COUNT_OFFSET = 57;
    private static final int RECORDS_OFFSET = 61;
    private static final int[] HUGE_INTS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 1 << 28, 100_000_000};

    private BatchSurgery() {
    }

    /** A mutated copy of {@code batch} (one whole v2 batch) and what was done, for the report. */
    record Result(byte[] batch, String what) {
    }

    static Result mutate(byte[] batch, Random random) {
        if (batch.length <= RECORDS_OFFSET || batch[MAGIC_OFFSET] != RecordBatch.MAGIC_VALUE_V2) {
            return new Result(batch, "batch-untouched");
        }
        byte[] out = batch.clone();
        return switch (random.nextInt(5)) {
            case 0 -> headerField(out, random);
            case 1 -> {
                int[] lies = {out.length - LENGTH_OFFSET - 4 - 1 - random.nextInt(40),
                        out.length + random.nextInt(1000), Integer.MAX_VALUE, -1};
                Bytes.putInt(out, LENGTH_OFFSET, lies[random.nextInt(lies.length)]);
                yield new Result(out, "batch-length-lie");
            }
            case 2 -> {
                out[MAGIC_OFFSET] = (byte) new int[] {0, 1, 3, 127}[random.nextInt(4)];
                yield new Result(out, "batch-magic");
            }
            default -> records(out, random);
        };
    }

    private static Result headerField(byte[] out, Random random) {
        int pick = random.nextInt(6);
        switch (pick) {
            case 0 -> Bytes.putInt(out, RECORD_COUNT_OFFSET, HUGE_INTS[random.nextInt(HUGE_INTS.length)]);
            case 1 -> Bytes.putInt(out, LAST_OFFSET_DELTA_OFFSET, HUGE_INTS[random.nextInt(HUGE_INTS.length)]);
            case 2 -> Bytes.putInt(out, BASE_SEQUENCE_OFFSET, HUGE_INTS[random.nextInt(HUGE_INTS.length)]);
            case 3 -> Bytes.putShort(out, PRODUCER_EPOCH_OFFSET, (short) (random.nextBoolean() ? -2 : Short.MAX_VALUE));
            case 4 -> Bytes.putLong(out, BASE_TIMESTAMP_OFFSET, random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE);
            default -> {
                // codec 5-7 do not exist; bit 3 is log-append time, 4 transactional, 5 control
                short attributes = ByteBuffer.wrap(out).getShort(ATTRIBUTES_OFFSET);
                Bytes.putShort(out, ATTRIBUTES_OFFSET, (short) (attributes ^ (1 << random.nextInt(6))));
            }
        }
        fixCrc(out);
        return new Result(out, "batch-header-" + new String[] {"count", "last-offset-delta", "sequence", "epoch",
                "timestamp", "attributes"}[pick]);
    }

    /** Decompresses the records, makes one of them lie, compresses them again, fixes the length and the CRC. */
    private static Result records(byte[] batch, Random random) {
        CompressionType codec = CompressionType.forId(ByteBuffer.wrap(batch).getShort(ATTRIBUTES_OFFSET) & 0x07);
        byte[] raw = decompress(batch, codec);
        String what;
        if (random.nextInt(3) == 0) {
            for (int flips = 1 + random.nextInt(3); flips > 0 && raw.length > 0; flips--) {
                int bit = random.nextInt(raw.length * 8);
                raw[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            what = "records-bitflip";
        } else {
            int[] varints = recordVarints(raw);
            int target = random.nextInt(varints.length);
            if (varints[target] < 0) {
                return new Result(batch, "records-unparsed");
            }
            ByteBuffer at = ByteBuffer.wrap(raw, varints[target], raw.length - varints[target]);
            int start = at.position();
            ByteUtils.readVarint(at);
            raw = Bytes.splice(raw, start, at.position() - start,
                    Bytes.varint(HUGE_INTS[random.nextInt(HUGE_INTS.length)]));
            what = "records-" + new String[] {"length", "key-length", "value-length", "header-count"}[target];
        }
        byte[] records = compress(raw, codec);
        byte[] out = new byte[RECORDS_OFFSET + records.length];
        System.arraycopy(batch, 0, out, 0, RECORDS_OFFSET);
        System.arraycopy(records, 0, out, RECORDS_OFFSET, records.length);
        Bytes.putInt(out, LENGTH_OFFSET, out.length - LENGTH_OFFSET - 4);
        fixCrc(out);
        return new Result(out, what + "-" + codec.name);
    }

    /** Where the first record's length, key length, value length and header count start (-1: not found). */
    private static int[] recordVarints(byte[] raw) {
        int[] at = {-1, -1, -1, -1};
        try {
            ByteBuffer buffer = ByteBuffer.wrap(raw);
            at[0] = buffer.position();
            ByteUtils.readVarint(buffer);
            buffer.get();
            ByteUtils.readVarlong(buffer);
            ByteUtils.readVarint(buffer);
            at[1] = buffer.position();
            int keyLength = ByteUtils.readVarint(buffer);
            buffer.position(buffer.position() + Math.max(0, keyLength));
            at[2] = buffer.position();
            int valueLength = ByteUtils.readVarint(buffer);
            buffer.position(buffer.position() + Math.max(0, valueLength));
            at[3] = buffer.position();
        } catch (RuntimeException e) {
            // a record already mangled: mutate what was found
        }
        return at;
    }

    private static byte[] decompress(byte[] batch, CompressionType codec) {
        ByteBuffer records = ByteBuffer.wrap(batch, RECORDS_OFFSET, batch.length - RECORDS_OFFSET).slice();
        if (codec == CompressionType.NONE) {
            return Bytes.copyOf(records);
        }
        try (InputStream in = Compression.of(codec).build().wrapForInput(records, RecordBatch.MAGIC_VALUE_V2,
                BufferSupplier.NO_CACHING)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] compress(byte[] raw, CompressionType codec) {
        if (codec == CompressionType.NONE) {
            return raw;
        }
        ByteBufferOutputStream buffer = new ByteBufferOutputStream(raw.length + 64);
        try (OutputStream out = Compression.of(codec).build().wrapForOutput(buffer, RecordBatch.MAGIC_VALUE_V2)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Bytes.copyOf(buffer.buffer().flip());
    }

    private static void fixCrc(byte[] batch) {
        long crc = Crc32C.compute(batch, ATTRIBUTES_OFFSET, batch.length - ATTRIBUTES_OFFSET);
        Bytes.putInt(batch, CRC_OFFSET, (int) crc);
    }
}

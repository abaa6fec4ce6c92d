package io.tributary.broker.log;

import java.io.IOException;
import java.io.InputStream;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.utils.internals.ByteUtils;

/**
 * Checks that the records of a v2 batch read as a consumer reads them, without allocating a key, a value or a
 * header: each record's fields must end exactly where its length says, lengths must be backed by bytes, header
 * counts and header key lengths must not be negative, and nothing may follow the declared number of records.
 * kafka-clients' own skipping reader trusts the fields and not the record length, so a batch it accepts can still
 * stop a consumer (which reads the record length first and parses within it).
 *
 * <pre>
 * record: length(varint) attributes(int8) timestampDelta(varlong) offsetDelta(varint)
 *         keyLength(varint, -1 = null) key valueLength(varint, -1 = null) value
 *         headerCount(varint) [headerKeyLength(varint) headerKey headerValueLength(varint, -1 = null) headerValue]*
 * </pre>
 */
final class RecordStructure {

    private RecordStructure() {
    }

    /**
     * Reads {@code count} records from {@code records} (the batch's records section, decompressed) to its end.
     *
     * @throws InvalidRecordException if the records do not read as declared
     * @throws IOException            if the decompressor fails
     */
    static void check(InputStream records, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int length = ByteUtils.readVarint(records);
            if (length < 0) {
                throw new InvalidRecordException("record " + i + " has a negative length " + length);
            }
            Body body = new Body(records, length);
            if (body.read() < 0) {
                throw new InvalidRecordException("record " + i + " ends before its attributes");
            }
            ByteUtils.readVarlong(body);
            ByteUtils.readVarint(body);
            body.skipField(ByteUtils.readVarint(body));
            body.skipField(ByteUtils.readVarint(body));
            int headers = ByteUtils.readVarint(body);
            if (headers < 0 || headers > body.remaining) {
                throw new InvalidRecordException("record " + i + " claims " + headers + " headers");
            }
            for (int h = 0; h < headers; h++) {
                int keyLength = ByteUtils.readVarint(body);
                if (keyLength < 0) {
                    throw new InvalidRecordException("record " + i + " has a header key of length " + keyLength);
                }
                body.skipField(keyLength);
                body.skipField(ByteUtils.readVarint(body));
            }
            if (body.remaining != 0) {
                throw new InvalidRecordException("record " + i + " is " + length + " bytes but its fields take "
                        + (length - body.remaining));
            }
        }
        if (records.read() >= 0) {
            throw new InvalidRecordException("bytes remain after the " + count + " records the batch declares");
        }
    }

    /** One record's body: reads stop at its declared length, and running past it is an error. */
    private static final class Body extends InputStream {

        private final InputStream in;
        private int remaining;

        Body(InputStream in, int length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                throw new InvalidRecordException("a field runs past its record");
            }
            int b = in.read();
            if (b < 0) {
                throw new InvalidRecordException("the records end inside a record");
            }
            remaining--;
            return b;
        }

        /** Skips a length-prefixed field's bytes; a negative length is a null field, which takes none. */
        void skipField(int length) throws IOException {
            if (length > remaining) {
                throw new InvalidRecordException("a field of " + length + " bytes runs past its record");
            }
            int left = Math.max(0, length);
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new InvalidRecordException("the records end inside a record");
                    }
                    skipped = 1;
                }
                left -= (int) skipped;
            }
            remaining -= Math.max(0, length);
        }
    }
}

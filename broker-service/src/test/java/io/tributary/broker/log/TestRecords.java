package io.tributary.broker.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Builders for produced batches, as a client would send them (base offset 0), and readers for results. */
final class TestRecords {

    static final long T0 = 1_700_000_000_000L;

    private TestRecords() {
    }

    /** One batch of records with the given values, all stamped {@code timestamp}. */
    static MemoryRecords batch(long timestamp, String... values) {
        return MemoryRecords.withRecords(Compression.NONE, simple(timestamp, values));
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, String... values) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, simple(T0, values));
    }

    static SimpleRecord[] simple(long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(timestamp, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    /** A value of {@code size} characters, to fill segments quickly. */
    static String filler(int size, char c) {
        return String.valueOf(c).repeat(size);
    }

    static List<Long> offsets(Records records) {
        List<Long> offsets = new ArrayList<>();
        for (Record record : records.records()) {
            offsets.add(record.offset());
        }
        return offsets;
    }

    static List<String> values(Records records) {
        List<String> values = new ArrayList<>();
        for (Record record : records.records()) {
            values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return values;
    }

    static List<Long> batchBaseOffsets(Records records) {
        List<Long> bases = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            bases.add(batch.baseOffset());
        }
        return bases;
    }

    static LogConfig config(Map<String, String> overrides) {
        return LogConfig.defaults().withOverrides(overrides);
    }
}

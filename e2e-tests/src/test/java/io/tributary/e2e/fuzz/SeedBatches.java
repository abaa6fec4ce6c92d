package io.tributary.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * The record batches that Produce seeds carry: keyed records with headers, one batch per codec the node accepts
 * (none, gzip, snappy, lz4, zstd), plus an idempotent one. Built with kafka-clients, as a producer builds them.
 */
final class SeedBatches {

    static final List<CompressionType> CODECS = List.of(CompressionType.NONE, CompressionType.GZIP,
            CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD);

    private SeedBatches() {
    }

    /** Three keyed records with a header each, compressed with {@code codec}. */
    static MemoryRecords keyed(CompressionType codec) {
        return MemoryRecords.withRecords(Compression.of(codec).build(), records());
    }

    /** Three keyed records from an idempotent producer, as its first batch. */
    static MemoryRecords idempotent(CompressionType codec, long producerId, short producerEpoch) {
        return MemoryRecords.withIdempotentRecords(Compression.of(codec).build(), producerId, producerEpoch, 0,
                records());
    }

    private static SimpleRecord[] records() {
        long now = System.currentTimeMillis();
        SimpleRecord[] records = new SimpleRecord[3];
        for (int i = 0; i < records.length; i++) {
            Header[] headers = {new RecordHeader("h" + i, ("header-" + i).getBytes(StandardCharsets.UTF_8))};
            records[i] = new SimpleRecord(now + i, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + i + "-fuzz-seed").getBytes(StandardCharsets.UTF_8), headers);
        }
        return records;
    }
}

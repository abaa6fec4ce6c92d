package io.tributary.broker.log;

import java.util.List;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Maps each key of a log's dirty part to its last offset, for one cleaning pass, in an {@link OffsetMap} within
 * {@code log.cleaner.dedupe.buffer.size}: allocated at the first pass that needs one, no larger than the dirty part
 * needs, and kept for the next passes while large enough, so that a broker without compacted data holds none.
 * Not thread-safe: the cleaner's passes are serialized.
 */
final class DirtyKeyMapper {

    /**
     * What one pass mapped.
     *
     * @param upTo         the first offset not mapped, or the end of the cleanable segments when all of them were
     * @param recordCounts the records mapped in each cleanable segment
     */
    record Mapped(OffsetMap map, long upTo, long[] recordCounts) {
    }

    private final CleanerConfig config;
    private OffsetMap map;

    DirtyKeyMapper(CleanerConfig config) {
        this.config = config;
    }

    /** Maps the keys of {@code range} from its first dirty offset on, until the map is full. */
    Mapped map(CleanableSegments range) {
        OffsetMap keys = emptyMapFor(range);
        long[] recordCounts = new long[range.segments().size()];
        List<LogSegment> segments = range.segments();
        long firstDirty = range.firstDirtyOffset();
        for (int i = 0; i < segments.size(); i++) {
            if (range.endOf(i) <= firstDirty) {
                continue;
            }
            for (FileChannelRecordBatch batch : segments.get(i).records().batches()) {
                if (batch.isControlBatch() || batch.lastOffset() < firstDirty) {
                    continue;
                }
                try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
                    while (records.hasNext()) {
                        Record record = records.next();
                        if (record.offset() < firstDirty) {
                            continue;
                        }
                        if (record.hasKey() && !keys.put(record.key(), record.offset())) {
                            return new Mapped(keys, record.offset(), recordCounts);
                        }
                        recordCounts[i]++;
                    }
                }
            }
        }
        return new Mapped(keys, range.endOffset(), recordCounts);
    }

    /** An empty map with room for every offset of the dirty part, within the configured bytes. */
    private OffsetMap emptyMapFor(CleanableSegments range) {
        long dirtyOffsets = Math.max(1, range.endOffset() - range.firstDirtyOffset());
        long wanted = (long) Math.ceil(dirtyOffsets / config.loadFactor()) + 1;
        int slots = (int) Math.max(OffsetMap.MIN_SLOTS, Math.min(wanted, config.maxMapSlots()));
        if (map == null || map.slots() < slots) {
            map = null; // the old buffer may go before the new one is allocated
            map = new OffsetMap(slots, config.loadFactor());
        } else {
            map.clear();
        }
        return map;
    }
}

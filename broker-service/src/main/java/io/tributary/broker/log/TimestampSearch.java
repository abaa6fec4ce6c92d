package io.tributary.broker.log;

import java.util.Iterator;
import java.util.Optional;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The ListOffsets lookups by time of one log, through each segment's time index. The caller holds the log's lock: a
 * segment's largest timestamp is loaded lazily from its files, and the appender moves it.
 */
final class TimestampSearch {

    private TimestampSearch() {
    }

    /** The first record at or above the log start whose timestamp is at least {@code timestamp}. */
    static Optional<TimestampOffset> offsetForTimestamp(LocalLog local, long timestamp) {
        local.ensureOpen();
        for (LogSegment segment : local.segments().all()) {
            if (segment.maxTimestampSoFar() >= timestamp) {
                Optional<FileRecords.TimestampAndOffset> found = segment.findOffsetByTimestamp(timestamp, local.logStartOffset());
                if (found.isPresent()) {
                    FileRecords.TimestampAndOffset f = found.get();
                    return Optional.of(new TimestampOffset(f.offset, f.timestamp, f.leaderEpoch.orElse(RecordBatch.NO_PARTITION_LEADER_EPOCH)));
                }
            }
        }
        return Optional.empty();
    }

    /** The first record with the largest timestamp in the log, empty if none. */
    static Optional<TimestampOffset> maxTimestampAndOffset(LocalLog local) {
        local.ensureOpen();
        LogSegment newest = null;
        for (LogSegment segment : local.segments().all()) {
            if (segment.maxTimestampSoFar() >= 0 && (newest == null || segment.maxTimestampSoFar() > newest.maxTimestampSoFar())) {
                newest = segment;
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        long maxTimestamp = newest.maxTimestampSoFar();
        LogOffsetPosition batchPosition = newest.translateOffset(newest.offsetOfMaxTimestampSoFar(), 0);
        Iterator<FileChannelRecordBatch> batches = newest.records().batchesFrom(batchPosition.position).iterator();
        FileChannelRecordBatch batch = batches.next();
        for (Record record : batch) {
            if (record.timestamp() == maxTimestamp) {
                return Optional.of(new TimestampOffset(record.offset(), maxTimestamp, batch.partitionLeaderEpoch()));
            }
        }
        return Optional.of(new TimestampOffset(batch.lastOffset(), maxTimestamp, batch.partitionLeaderEpoch()));
    }
}

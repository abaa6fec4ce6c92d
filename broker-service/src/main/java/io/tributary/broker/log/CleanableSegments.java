package io.tributary.broker.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * What the cleaner may rewrite in one log, taken under the log's lock when a pass starts: the closed segments below
 * the high watermark, oldest first. The part from {@code firstDirtyOffset} on has not been cleaned yet; the part
 * before it was, so it holds each of its keys once.
 *
 * @param endOffset           the base offset of the first segment not included
 * @param tombstoneHorizonMs  the earliest time a tombstone kept by the last pass may be removed (0 when unknown)
 * @param producerLastOffsets the last offset of each idempotent producer's newest batch, which is kept even when
 *                            emptied so that a restart finds the producer's sequence
 * @param version             the log's segment version, which a swap checks is unchanged
 */
record CleanableSegments(
        TopicPartition topicPartition,
        Path dir,
        LogConfig config,
        List<LogSegment> segments,
        long endOffset,
        long firstDirtyOffset,
        long tombstoneHorizonMs,
        Map<Long, Long> producerLastOffsets,
        long version) {

    /** The offset after the last one {@code segments.get(i)} may hold. */
    long endOf(int i) {
        return i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : endOffset;
    }

    long totalBytes() {
        return segments.stream().mapToLong(LogSegment::size).sum();
    }

    /** Bytes of the segments holding offsets at or above {@code firstDirtyOffset}. */
    long dirtyBytes() {
        long dirty = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (endOf(i) > firstDirtyOffset) {
                dirty += segments.get(i).size();
            }
        }
        return dirty;
    }

    double dirtyRatio() {
        long total = totalBytes();
        return total == 0 ? 0 : (double) dirtyBytes() / total;
    }

    boolean tombstonesDue(long nowMs) {
        return tombstoneHorizonMs <= nowMs;
    }
}

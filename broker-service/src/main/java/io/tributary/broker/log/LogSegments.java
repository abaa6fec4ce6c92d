package io.tributary.broker.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one partition by base offset; the last one is the active segment. Changes are made under the
 * log's lock; lookups run concurrently with them and see each segment either in or out, never a half-made map.
 * A change that exchanges segments therefore puts the new one before it removes the old ones (see
 * {@link CleanerSwap}), so that a reader always finds a segment holding the offset it looks for.
 */
final class LogSegments {

    private final ConcurrentNavigableMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    void add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    /** Removes this segment; nothing if another one has taken its base offset (a cleaned segment that replaced it). */
    void remove(LogSegment segment) {
        segments.remove(segment.baseOffset(), segment);
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    int count() {
        return segments.size();
    }

    LogSegment first() {
        return segments.firstEntry().getValue();
    }

    LogSegment active() {
        return segments.lastEntry().getValue();
    }


    /** The segment that would hold {@code offset}, or null when it is below the first segment. */
    LogSegment floor(long offset) {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        return entry == null ? null : entry.getValue();
    }

    LogSegment higher(long baseOffset) {
        Map.Entry<Long, LogSegment> entry = segments.higherEntry(baseOffset);
        return entry == null ? null : entry.getValue();
    }

    /** Every segment, oldest first. */
    Collection<LogSegment> all() {
        return segments.values();
    }

    /** The segments holding offsets at or above {@code offset}, oldest first. */
    List<LogSegment> from(long offset) {
        LogSegment floor = floor(offset);
        long start = floor == null ? Long.MIN_VALUE : floor.baseOffset();
        return new ArrayList<>(segments.tailMap(start, true).values());
    }

    /** The segments other than the active one, oldest first. */
    List<LogSegment> inactive() {
        return new ArrayList<>(segments.headMap(segments.lastKey(), false).values());
    }

    long sizeInBytes() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.size();
        }
        return size;
    }
}

package io.tributary.broker.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Segments taken out of a log (by retention, truncation or a cleaner swap): their files are deleted at once, but their
 * channel and index mappings stay open for {@value #GRACE_MS} ms, because reads do not take the log's lock: a read
 * that found the segment just before it was removed, and a fetch response still being sent from a slice of it, must
 * complete on the open handles (an unmapped index touched by a lookup would crash the JVM). Not thread-safe: the
 * log's lock.
 */
final class RetiredSegments {

    static final long GRACE_MS = 60_000;

    private record Retired(LogSegment segment, long retiredAtMs) {
    }

    private final List<Retired> retired = new ArrayList<>();

    /** Deletes the segment's files; its handles close after the grace period. */
    void retire(LogSegment segment, long nowMs) {
        retired.add(new Retired(segment, nowMs));
        segment.deleteFiles();
    }

    /** Closes the handles of the segments retired at least the grace period ago. */
    void releaseDue(long nowMs) {
        retired.removeIf(r -> {
            if (nowMs - r.retiredAtMs() < GRACE_MS) {
                return false;
            }
            r.segment().closeHandles();
            return true;
        });
    }

    /** Closes every handle: the log is closing and no read can run any more. */
    void releaseAll() {
        for (Retired r : retired) {
            r.segment().closeHandles();
        }
        retired.clear();
    }
}

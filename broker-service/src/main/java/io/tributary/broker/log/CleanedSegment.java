package io.tributary.broker.log;

import java.util.List;

/**
 * A segment the cleaner wrote, still open, with the consecutive original segments it replaces; its base offset is
 * the first one's.
 */
record CleanedSegment(LogSegment segment, List<LogSegment> replaces) {
}

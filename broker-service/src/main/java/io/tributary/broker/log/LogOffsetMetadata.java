package io.tributary.broker.log;

/**
 * An offset of a log and, when known, where it lies: the base offset of its segment and its byte position in that
 * segment (Kafka's {@code LogOffsetMetadata}). The log end offset always knows its position; the high watermark
 * knows it while it equals the log end offset. A waiting fetch compares two of these to tell how many bytes arrived
 * without reading the log.
 *
 * @param segmentBaseOffset {@link #UNKNOWN} when the position is not known
 * @param relativePosition  {@link #UNKNOWN} when the position is not known
 */
public record LogOffsetMetadata(long offset, long segmentBaseOffset, int relativePosition) {

    public static final int UNKNOWN = -1;

    /** An offset whose position is not tracked. */
    public static LogOffsetMetadata unknownPosition(long offset) {
        return new LogOffsetMetadata(offset, UNKNOWN, UNKNOWN);
    }

    public boolean positionKnown() {
        return segmentBaseOffset != UNKNOWN && relativePosition != UNKNOWN;
    }

    /** Whether both positions are known and in the same segment, so that their byte distance is meaningful. */
    public boolean onSameSegment(LogOffsetMetadata that) {
        return positionKnown() && that.positionKnown() && segmentBaseOffset == that.segmentBaseOffset;
    }

    /**
     * The bytes from {@code that} to this position.
     *
     * @throws IllegalStateException unless both are on the same segment
     */
    public int positionDiff(LogOffsetMetadata that) {
        if (!onSameSegment(that)) {
            throw new IllegalStateException(this + " and " + that + " are not positions in one segment");
        }
        return relativePosition - that.relativePosition;
    }
}

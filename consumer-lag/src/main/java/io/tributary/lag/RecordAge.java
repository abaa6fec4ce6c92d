package io.tributary.lag;

/**
 * What reading at a committed offset found: the timestamp of the first record at or after it, or that nothing a
 * consumer would receive lies between it and the log end (only transaction markers), or nothing in time.
 */
public record RecordAge(Kind kind, long timestampMs) {

    public enum Kind { FOUND, NOTHING_TO_CONSUME, UNKNOWN }

    public static final RecordAge NOTHING_TO_CONSUME = new RecordAge(Kind.NOTHING_TO_CONSUME, -1);
    public static final RecordAge UNKNOWN = new RecordAge(Kind.UNKNOWN, -1);

    public static RecordAge at(long timestampMs) {
        return timestampMs < 0 ? UNKNOWN : new RecordAge(Kind.FOUND, timestampMs);
    }

    /** Seconds from the record's timestamp to {@code nowMs}, 0 when nothing is left to consume, null if unknown. */
    public Double secondsBefore(long nowMs) {
        return switch (kind) {
            case FOUND -> Math.max(0, nowMs - timestampMs) / 1000.0;
            case NOTHING_TO_CONSUME -> 0.0;
            case UNKNOWN -> null;
        };
    }
}

package io.tributary.broker.log;

/**
 * What the log directory remembers about a partition from before it was opened: whether the broker shut down
 * cleanly, and the offsets checkpointed for it.
 *
 * @param cleanShutdown  whether the log directory was closed cleanly, so nothing needs re-validating
 * @param recoveryPoint  every offset below it was flushed to disk; after an unclean shutdown the log from there
 *                       on is re-validated
 * @param logStartOffset the first offset still exposed; segments may start below it
 * @param highWatermark  the high watermark to start with (capped at the log end offset)
 */
public record LogCheckpoints(boolean cleanShutdown, long recoveryPoint, long logStartOffset, long highWatermark) {

    /** A log that was closed cleanly, or a new one: nothing to recover, every stored record committed. */
    public static LogCheckpoints clean() {
        return new LogCheckpoints(true, Long.MAX_VALUE, 0, Long.MAX_VALUE);
    }

    /** A log whose broker stopped without closing it, flushed up to {@code recoveryPoint}. */
    public static LogCheckpoints unclean(long recoveryPoint) {
        return new LogCheckpoints(false, recoveryPoint, 0, Long.MAX_VALUE);
    }
}

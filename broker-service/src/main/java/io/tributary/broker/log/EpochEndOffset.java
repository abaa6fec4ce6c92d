package io.tributary.broker.log;

/**
 * The answer to "where does leader epoch N end in this log" (OffsetsForLeaderEpoch, a fetch's diverging epoch).
 *
 * @param epoch     the largest epoch of the log at or below the one asked for; {@link #UNDEFINED_EPOCH} when unknown
 * @param endOffset the start offset of the next epoch, or the log end offset for the latest epoch;
 *                  {@link #UNDEFINED_OFFSET} when unknown
 */
public record EpochEndOffset(int epoch, long endOffset) {

    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_OFFSET = -1L;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_OFFSET);

    public boolean isUndefined() {
        return epoch == UNDEFINED_EPOCH || endOffset == UNDEFINED_OFFSET;
    }
}

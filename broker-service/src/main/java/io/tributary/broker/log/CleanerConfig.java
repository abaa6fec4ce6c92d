package io.tributary.broker.log;

/**
 * The broker-wide settings of the log cleaner.
 *
 * @param dedupeBufferSize bytes for the key map of one cleaning pass ({@code log.cleaner.dedupe.buffer.size}); at
 *                         most {@link Integer#MAX_VALUE} of them are used, as in Kafka
 * @param loadFactor       the share of the key map's slots a pass fills before it stops mapping
 *                         ({@code log.cleaner.io.buffer.load.factor})
 */
public record CleanerConfig(long dedupeBufferSize, double loadFactor) {

    /** Kafka's defaults: 128 MiB, 90% full. */
    public static final CleanerConfig DEFAULT = new CleanerConfig(128L * 1024 * 1024, 0.9);

    public CleanerConfig {
        long minBytes = (long) OffsetMap.MIN_SLOTS * OffsetMap.ENTRY_BYTES;
        if (dedupeBufferSize < minBytes) {
            throw new IllegalArgumentException("log.cleaner.dedupe.buffer.size must be at least " + minBytes + " bytes, got "
                    + dedupeBufferSize);
        }
        if (!(loadFactor > 0 && loadFactor <= 1)) {
            throw new IllegalArgumentException("log.cleaner.io.buffer.load.factor must be above 0 and at most 1, got " + loadFactor);
        }
    }

    /** The most slots a key map may have within {@link #dedupeBufferSize}. */
    int maxMapSlots() {
        return (int) Math.min(dedupeBufferSize, Integer.MAX_VALUE) / OffsetMap.ENTRY_BYTES;
    }
}

package io.tributary.coordinator.offsets;

/**
 * A record of {@code __consumer_offsets} that {@link OffsetsRecordCodec} cannot read: an unknown record type or value
 * version, a length that points outside the record, a null where the schema allows none, or bytes left over. The
 * message says which and where; a replay logs it and skips the record.
 */
public final class CorruptCoordinatorRecordException extends RuntimeException {

    public CorruptCoordinatorRecordException(String message) {
        super(message);
    }
}

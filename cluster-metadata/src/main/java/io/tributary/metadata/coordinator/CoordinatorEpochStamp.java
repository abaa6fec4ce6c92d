package io.tributary.metadata.coordinator;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The record header a coordinator stamps on every record it writes to {@code __consumer_offsets}: the epoch of its
 * claim on the partition ({@link OffsetsPartitionOwner#epoch()}), 8 bytes big-endian. Brokers refuse a batch whose
 * records do not all carry the epoch of the partition's current owner. Kept here because both sides need the same
 * bytes and neither service module may import the other.
 */
public final class CoordinatorEpochStamp {

    public static final String HEADER = "tributary.coordinator.epoch";
    public static final int LENGTH = Long.BYTES;

    private CoordinatorEpochStamp() {
    }

    public static byte[] encode(long epoch) {
        return ByteBuffer.allocate(LENGTH).putLong(epoch).array();
    }

    /** @return the epoch, or empty if the value is not 8 bytes */
    public static OptionalLong decode(ByteBuffer value) {
        return value.remaining() == LENGTH ? OptionalLong.of(value.getLong(value.position())) : OptionalLong.empty();
    }
}

package io.tributary.e2e.fuzz;

import java.nio.ByteBuffer;

/**
 * One frame as it goes on the wire: a size prefix (which may lie) and a payload.
 *
 * @param declaredSize  the size prefix sent
 * @param payload       the bytes sent after the prefix
 * @param correlationId the correlation id written into the payload before any mutation
 * @param mutation      what was done to the seed, for the report ("none" for the seed as it is)
 */
record FuzzFrame(SeedFrame seed, int declaredSize, byte[] payload, int correlationId, String mutation) {

    /** Whether the size prefix matches the payload, so the node sees exactly this payload as one frame. */
    boolean exact() {
        return declaredSize == payload.length;
    }

    /** Whether the prefix promises more bytes than were sent, so a node keeps waiting for the rest. */
    boolean incomplete() {
        return declaredSize > payload.length;
    }

    byte[] wire() {
        return ByteBuffer.allocate(4 + payload.length).putInt(declaredSize).put(payload).array();
    }

    String describe() {
        return seed + " mutated by " + mutation + ", size prefix " + declaredSize + ", payload "
                + Bytes.hex(payload, 512);
    }
}

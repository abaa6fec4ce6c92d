package io.tributary.broker.log;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The last offset of each key in the dirty part of a log, which every earlier record of that key loses to. Keys
 * are copied, so the map holds no record buffer. Not thread-safe: one cleaning pass owns it.
 */
final class OffsetMap {

    private final Map<ByteBuffer, Long> offsets = new HashMap<>();

    /** Records that {@code key} occurs at {@code offset}, later than any offset put before for it. */
    void put(ByteBuffer key, long offset) {
        ByteBuffer copy = ByteBuffer.allocate(key.remaining());
        copy.put(key.duplicate()).flip();
        offsets.put(copy, offset);
    }

    /** The last offset of {@code key}, or -1 when it does not occur. */
    long get(ByteBuffer key) {
        Long offset = offsets.get(key);
        return offset == null ? -1 : offset;
    }

    void forEachOffset(java.util.function.LongConsumer action) {
        offsets.values().forEach(action::accept);
    }

    int size() {
        return offsets.size();
    }
}

package io.tributary.broker.log;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The last offset of each key in the dirty part of a log, which every earlier record of that key loses to, in a
 * fixed number of bytes (Kafka's {@code SkimpyOffsetMap}). Not thread-safe: one cleaning pass owns it.
 *
 * <p>Keys are not kept: each slot holds the 16-byte MD5 hash of a key and its 8-byte offset, in one buffer
 * allocated up front, with open addressing. A slot whose hash bytes are all zero is empty. The map takes at most
 * {@code loadFactor} of its slots ({@link #isFull()}), past which probing would get long; the cleaner stops mapping
 * there and cleans only what it mapped.
 *
 * <p>Two keys with the same MD5 hash would count as one, so the older record of one could be removed for the newer
 * record of the other. With 128-bit hashes the odds are about n²/2¹²⁹ for n keys in one pass (below 10⁻²⁴ for the
 * 5.6 million keys of the default 128 MiB): Kafka accepts this, and so do we.
 */
final class OffsetMap {

    static final int HASH_BYTES = 16;
    static final int ENTRY_BYTES = HASH_BYTES + Long.BYTES;
    static final int MIN_SLOTS = 2;

    private final ByteBuffer slotsBuffer;
    private final int slots;
    private final int maxEntries;
    private final MessageDigest md5;
    private final byte[] hash = new byte[HASH_BYTES];
    private final byte[] probe = new byte[HASH_BYTES];
    private int entries;

    /**
     * @param slots      entries the buffer has room for ({@value #ENTRY_BYTES} bytes each), at least {@value #MIN_SLOTS}
     * @param loadFactor the share of slots that may be used, in (0, 1]; one slot always stays free
     */
    OffsetMap(int slots, double loadFactor) {
        if (slots < MIN_SLOTS || slots > Integer.MAX_VALUE / ENTRY_BYTES) {
            throw new IllegalArgumentException("An offset map needs " + MIN_SLOTS + " to " + Integer.MAX_VALUE / ENTRY_BYTES
                    + " slots, not " + slots);
        }
        if (!(loadFactor > 0 && loadFactor <= 1)) {
            throw new IllegalArgumentException("The offset map load factor must be in (0, 1], not " + loadFactor);
        }
        this.slots = slots;
        this.maxEntries = Math.max(1, Math.min(slots - 1, (int) (slots * loadFactor)));
        this.slotsBuffer = ByteBuffer.allocate(slots * ENTRY_BYTES);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM, which every Java platform must provide", e);
        }
    }

    int slots() {
        return slots;
    }

    /** How many keys the map takes before {@link #isFull()}. */
    int maxEntries() {
        return maxEntries;
    }

    int size() {
        return entries;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    /**
     * Records that {@code key} occurs at {@code offset}, later than any offset put before for it.
     *
     * @return false, with nothing changed, when the key is new and the map {@linkplain #isFull() is full}
     */
    boolean put(ByteBuffer key, long offset) {
        hashInto(key, hash);
        int position = find(hash) * ENTRY_BYTES;
        if (isEmptySlot(position)) {
            if (isFull()) {
                return false;
            }
            slotsBuffer.put(position, hash);
            entries++;
        }
        slotsBuffer.putLong(position + HASH_BYTES, offset);
        return true;
    }

    /** The last offset of {@code key}, or -1 when it does not occur. */
    long get(ByteBuffer key) {
        hashInto(key, hash);
        int position = find(hash) * ENTRY_BYTES;
        return isEmptySlot(position) ? -1 : slotsBuffer.getLong(position + HASH_BYTES);
    }

    void forEachOffset(LongConsumer action) {
        for (int slot = 0; slot < slots; slot++) {
            int position = slot * ENTRY_BYTES;
            if (!isEmptySlot(position)) {
                action.accept(slotsBuffer.getLong(position + HASH_BYTES));
            }
        }
    }

    /** Empties the map for the next pass, keeping its buffer. */
    void clear() {
        Arrays.fill(slotsBuffer.array(), (byte) 0);
        entries = 0;
    }

    private void hashInto(ByteBuffer key, byte[] into) {
        md5.update(key.duplicate());
        try {
            md5.digest(into, 0, HASH_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("An MD5 digest is 16 bytes", e);
        }
    }

    /**
     * The slot holding {@code keyHash}, or the empty slot where it goes. The first probes start from each 32-bit word
     * of the hash in turn, which are independent of one another; then probing goes on slot by slot, which ends since
     * at least one slot is always free ({@link #put} refuses a new key beyond {@link #maxEntries()}).
     */
    private int find(byte[] keyHash) {
        int slot = 0;
        for (int attempt = 0; attempt < slots + HASH_BYTES / Integer.BYTES; attempt++) {
            slot = attempt < HASH_BYTES / Integer.BYTES
                    ? Math.floorMod(wordAt(keyHash, attempt), slots)
                    : (slot + 1) % slots;
            int position = slot * ENTRY_BYTES;
            if (isEmptySlot(position) || hashAt(position, keyHash)) {
                return slot;
            }
        }
        throw new IllegalStateException("No free slot among " + slots + " slots holding " + entries + " keys");
    }

    private static int wordAt(byte[] bytes, int word) {
        int i = word * Integer.BYTES;
        return (bytes[i] & 0xff) << 24 | (bytes[i + 1] & 0xff) << 16 | (bytes[i + 2] & 0xff) << 8 | (bytes[i + 3] & 0xff);
    }

    private boolean hashAt(int position, byte[] keyHash) {
        slotsBuffer.get(position, probe);
        return Arrays.equals(probe, keyHash);
    }

    private boolean isEmptySlot(int position) {
        for (int i = 0; i < HASH_BYTES; i += Long.BYTES) {
            if (slotsBuffer.getLong(position + i) != 0) {
                return false;
            }
        }
        return true;
    }
}

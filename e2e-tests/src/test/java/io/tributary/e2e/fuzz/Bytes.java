package io.tributary.e2e.fuzz;

import java.nio.ByteBuffer;

import org.apache.kafka.common.utils.internals.ByteUtils;

/** Byte-array splicing and varint encoding for the mutations. */
final class Bytes {

    private Bytes() {
    }

    /** {@code bytes} with {@code length} bytes at {@code position} replaced by {@code replacement}. */
    static byte[] splice(byte[] bytes, int position, int length, byte[] replacement) {
        byte[] out = new byte[bytes.length - length + replacement.length];
        System.arraycopy(bytes, 0, out, 0, position);
        System.arraycopy(replacement, 0, out, position, replacement.length);
        System.arraycopy(bytes, position + length, out, position + replacement.length,
                bytes.length - position - length);
        return out;
    }

    static byte[] unsignedVarint(int value) {
        ByteBuffer buffer = ByteBuffer.allocate(5);
        ByteUtils.writeUnsignedVarint(value, buffer);
        return copyOf(buffer.flip());
    }

    static byte[] varint(int value) {
        ByteBuffer buffer = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, buffer);
        return copyOf(buffer.flip());
    }

    static void putShort(byte[] bytes, int position, short value) {
        ByteBuffer.wrap(bytes).putShort(position, value);
    }

    static void putInt(byte[] bytes, int position, int value) {
        ByteBuffer.wrap(bytes).putInt(position, value);
    }

    static void putLong(byte[] bytes, int position, long value) {
        ByteBuffer.wrap(bytes).putLong(position, value);
    }

    static byte[] copyOf(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** Up to {@code limit} bytes as hex, for a finding's report. */
    static String hex(byte[] bytes, int limit) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, limit); i++) {
            out.append(String.format("%02x", bytes[i]));
        }
        return bytes.length > limit ? out + "...(" + bytes.length + " bytes)" : out.toString();
    }
}

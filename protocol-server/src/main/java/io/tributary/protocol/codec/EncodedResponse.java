package io.tributary.protocol.codec;

import java.util.List;

import io.netty.util.ReferenceCountUtil;

/**
 * One response frame, ready to write: a single pooled {@code ByteBuf}, or for zero-copy responses the
 * {@code ByteBuf}s and {@code FileRegion}s that make up the frame, in order. Whoever holds it either writes
 * every part or calls {@link #release()}.
 *
 * @param parts the Netty messages that together form the frame, size prefix included
 */
public record EncodedResponse(List<Object> parts) {

    public EncodedResponse {
        parts = List.copyOf(parts);
    }

    public void release() {
        parts.forEach(ReferenceCountUtil::safeRelease);
    }
}

package io.tributary.protocol.codec;

import java.nio.ByteBuffer;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Cuts the inbound byte stream into Kafka frames (int32 size, then that many bytes) and emits each frame as a
 * heap {@link ByteBuffer} holding exactly the frame's bytes.
 * <p>
 * A size prefix that is negative or above the limit closes the connection as soon as the four bytes arrive,
 * before anything is allocated for the frame: a client (or a stray HTTP request, whose "GET " reads as 1.1 GB)
 * cannot make us reserve memory it never sends.
 * <p>
 * Each frame is copied out of Netty's cumulation, so the pooled buffer goes back to the pool at once and the
 * {@code MemoryRecords} that handlers receive are slices of a plain heap buffer they may keep.
 */
public final class KafkaFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFrameDecoder.class);
    private static final int SIZE_PREFIX_BYTES = Integer.BYTES;

    private final int maxFrameBytes;
    private boolean discarding;

    public KafkaFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX_BYTES) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            discarding = true;
            in.skipBytes(in.readableBytes());
            LOG.warn("Closing connection from {}: request frame claims {} bytes, limit is {} (socket.request.max.bytes)",
                    ctx.channel().remoteAddress(), size, maxFrameBytes);
            ctx.close();
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX_BYTES + size) {
            return;
        }
        in.skipBytes(SIZE_PREFIX_BYTES);
        ByteBuffer frame = ByteBuffer.allocate(size);
        in.readBytes(frame);
        out.add(frame.flip());
    }
}

package io.tributary.protocol.codec;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tributary.protocol.metrics.FrameRejection;

/**
 * Cuts the inbound byte stream into Kafka frames (int32 size, then that many bytes) and emits each frame as a
 * heap {@link ByteBuffer} holding exactly the frame's bytes.
 * <p>
 * A size prefix that is negative or above the limit closes the connection as soon as the four bytes arrive,
 * before anything is allocated for the frame: a client (or a stray HTTP request, whose "GET " reads as 1.1 GB)
 * cannot make us reserve memory it never sends.
 * <p>
 * Frames are emitted only while the connection admits more requests ({@link #admitWhile}). One socket read can
 * hold thousands of small frames, and {@link ByteToMessageDecoder} would otherwise decode them all at once,
 * whatever the connection's bound; held-back frames stay as raw bytes in the cumulation (no more than the reads
 * already done) until {@link #releaseHeld()} is called.
 * <p>
 * Each frame is copied out of Netty's cumulation, so the pooled buffer goes back to the pool at once and the
 * {@code MemoryRecords} that handlers receive are slices of a plain heap buffer they may keep.
 */
public final class KafkaFrameDecoder extends ByteToMessageDecoder {

    private static final int SIZE_PREFIX_BYTES = Integer.BYTES;

    private final int maxFrameBytes;
    private final FrameRejections rejections;
    private BooleanSupplier admitting = () -> true;
    private ChannelHandlerContext ctx;
    private boolean decoding;
    private boolean holding;
    private boolean discarding;

    public KafkaFrameDecoder(int maxFrameBytes, FrameRejections rejections) {
        this.maxFrameBytes = maxFrameBytes;
        this.rejections = rejections;
    }

    /** Frames are passed on only while {@code condition} holds; it is asked before each frame, on the event loop. */
    public void admitWhile(BooleanSupplier condition) {
        this.admitting = condition;
    }

    /**
     * Passes on the frames held back while admission was closed, as far as it is open now. Call on the event loop;
     * a call made while this decoder is passing frames on is a no-op, since that loop asks again before each frame.
     */
    public void releaseHeld() {
        if (holding && !decoding && ctx != null && !ctx.isRemoved()) {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        decoding = true;
        try {
            super.channelRead(ctx, msg);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        } finally {
            decoding = false;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        holding = false;
        if (discarding || !ctx.channel().isOpen()) {
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
            rejections.reject(ctx, FrameRejection.OVERSIZED, "request frame claims " + size + " bytes, limit is "
                    + maxFrameBytes + " (socket.request.max.bytes)");
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX_BYTES + size) {
            return;
        }
        if (!admitting.getAsBoolean()) {
            holding = true;
            return;
        }
        in.skipBytes(SIZE_PREFIX_BYTES);
        ByteBuffer frame = ByteBuffer.allocate(size);
        in.readBytes(frame);
        out.add(frame.flip());
    }
}

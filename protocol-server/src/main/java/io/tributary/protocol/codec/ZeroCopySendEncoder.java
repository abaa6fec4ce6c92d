package io.tributary.protocol.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.network.TransferableChannel;

import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns a Kafka {@link Send} into Netty messages without touching file bytes: the send is written once into a
 * {@link TransferableChannel} that records what it is given. In-memory parts become {@code ByteBuf}s that wrap
 * the send's own buffers (no copy); {@code transferFrom(FileChannel, position, count)}, which {@code FileRecords}
 * calls for its slice, becomes a {@link SharedFileRegion}, which both the NIO transport
 * ({@code FileChannel.transferTo} into the socket channel) and the epoll transport (native {@code sendfile})
 * send from the page cache.
 * <p>
 * Recording instead of writing lets Netty own partial writes, and lets the epoll transport recognise the
 * file parts: a {@code FileRegion} that called {@code Send.writeTo} itself would only ever see epoll's wrapper
 * channel, into which {@code FileChannel.transferTo} cannot use {@code sendfile}.
 */
final class ZeroCopySendEncoder implements TransferableChannel {

    private final List<Object> parts = new ArrayList<>();

    private ZeroCopySendEncoder() {
    }

    static EncodedResponse encode(Send send) {
        ZeroCopySendEncoder recorder = new ZeroCopySendEncoder();
        try {
            while (!send.completed()) {
                if (send.writeTo(recorder) == 0 && !send.completed()) {
                    throw new IllegalStateException("Send made no progress: " + send);
                }
            }
            return new EncodedResponse(recorder.parts);
        } catch (IOException e) {
            recorder.releaseAll();
            throw new IllegalStateException("Cannot read the records of the response: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            recorder.releaseAll();
            throw e;
        }
    }

    @Override
    public int write(ByteBuffer src) {
        int length = src.remaining();
        if (length > 0) {
            parts.add(Unpooled.wrappedBuffer(src.slice()));
            src.position(src.limit());
        }
        return length;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            written += write(srcs[i]);
        }
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) {
        parts.add(new SharedFileRegion(fileChannel, position, count));
        return count;
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // nothing is held open: the parts outlive this recorder
    }

    private void releaseAll() {
        parts.forEach(ReferenceCountUtil::safeRelease);
    }
}

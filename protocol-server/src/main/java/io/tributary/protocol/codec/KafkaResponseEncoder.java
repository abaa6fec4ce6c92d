package io.tributary.protocol.codec;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.SendBuilder;
import org.apache.kafka.common.requests.ResponseHeader;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Serializes a response body with its header into a size-prefixed frame.
 * <p>
 * Fetch responses go through Kafka's {@link SendBuilder}, which keeps record fields as they are instead of
 * copying them: the storage layer answers Fetch with {@code FileRecords} slices, and {@link ZeroCopySendEncoder}
 * turns those into file regions that the kernel sends straight from the page cache. Everything else is
 * written into one pooled buffer.
 * <p>
 * Thread-safe; may run on any thread.
 */
public final class KafkaResponseEncoder {

    private static final int SIZE_PREFIX_BYTES = Integer.BYTES;

    private KafkaResponseEncoder() {
    }

    /**
     * @throws RuntimeException if the body cannot be written at {@code version}, e.g. a non-default field the
     *                          version lacks ({@code UnsupportedVersionException}); nothing is left allocated
     */
    public static EncodedResponse encode(int correlationId, ApiKeys key, short version, ApiMessage body,
                                         ByteBufAllocator alloc) {
        short headerVersion = key.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        if (body instanceof FetchResponseData) {
            return ZeroCopySendEncoder.encode(
                    SendBuilder.buildResponseSend(new ResponseHeader(header, headerVersion), body, version));
        }
        // size() caches UTF-8 bytes and collection sizes that write() must reuse, so both share one cache
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuf frame = alloc.buffer(SIZE_PREFIX_BYTES + size);
        try {
            frame.writeInt(size);
            ByteBuffer target = frame.nioBuffer(SIZE_PREFIX_BYTES, size);
            ByteBufferAccessor writer = new ByteBufferAccessor(target);
            header.write(writer, cache, headerVersion);
            body.write(writer, cache, version);
            if (target.hasRemaining()) {
                throw new IllegalStateException(key.name + " v" + version + " response wrote "
                        + target.position() + " bytes but sized itself at " + size);
            }
            frame.writerIndex(SIZE_PREFIX_BYTES + size);
            return new EncodedResponse(List.of(frame));
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }
}

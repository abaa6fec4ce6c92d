package io.tributary.protocol.codec;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.tributary.protocol.metrics.FrameRejection;

/**
 * Decodes one frame from {@link KafkaFrameDecoder} into a {@link DecodedRequest}: header of any version, then
 * the body with the request wrapper class, then a check that exactly the frame was consumed.
 * <p>
 * Which keys and versions this server <em>serves</em> is not decided here, only what kafka-clients can
 * <em>read</em>. A frame that cannot be read closes the connection (see {@link FrameRejections}), since nothing
 * after it on the stream can be trusted: an unknown API key, a key without valid versions (4-7), a garbage header,
 * a version the jar does not know, a corrupt body, or trailing bytes. The one exception is ApiVersions at a
 * version newer than the jar knows: a client probing with its newest version must get an answer telling it
 * our range (KIP-511), so its unreadable body is skipped.
 * <p>
 * Counts and lengths inside a body are checked by the generated readers of kafka-clients, which refuse a
 * collection, string or byte array that claims more than the bytes left in the frame: what a body allocates grows
 * with the frame, whose size {@link KafkaFrameDecoder} has already bounded.
 */
public final class KafkaRequestDecoder extends MessageToMessageDecoder<ByteBuffer> {

    private static final int API_KEY_BYTES = Short.BYTES;

    private final FrameRejections rejections;
    private boolean rejected;

    public KafkaRequestDecoder(FrameRejections rejections) {
        this.rejections = rejections;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuffer frame, List<Object> out) {
        if (rejected) {
            return;
        }
        int frameSize = frame.remaining();
        int start = frame.position();
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            reject(ctx, headerRejection(frame, start), "unreadable request header (" + e.getMessage() + ")");
            return;
        }
        ApiKeys key = header.apiKey();
        short version = header.apiVersion();
        if (!key.isVersionSupported(version)) {
            if (key == ApiKeys.API_VERSIONS) {
                out.add(new DecodedRequest(header,
                        new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, version), frameSize));
            } else {
                reject(ctx, FrameRejection.UNREADABLE_VERSION, key.name + " v" + version
                        + " is outside the readable range " + key.oldestVersion() + ".." + key.latestVersion(true));
            }
            return;
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            reject(ctx, FrameRejection.CORRUPT_BODY, "corrupt " + key.name + " v" + version + " body ("
                    + e.getMessage() + ")");
            return;
        }
        if (frame.hasRemaining()) {
            reject(ctx, FrameRejection.TRAILING_BYTES, frame.remaining() + " unread bytes after the " + key.name
                    + " v" + version + " body");
            return;
        }
        out.add(new DecodedRequest(header, request, frameSize));
    }

    /** An unparseable header whose API key is there to read is blamed on the key if no version of it is readable. */
    private static FrameRejection headerRejection(ByteBuffer frame, int start) {
        if (frame.limit() - start < API_KEY_BYTES) {
            return FrameRejection.UNREADABLE_HEADER;
        }
        short id = frame.getShort(start);
        return ApiKeys.hasId(id) && ApiKeys.forId(id).hasValidVersion()
                ? FrameRejection.UNREADABLE_HEADER : FrameRejection.UNKNOWN_API;
    }

    private void reject(ChannelHandlerContext ctx, FrameRejection reason, String detail) {
        rejected = true;
        rejections.reject(ctx, reason, detail);
    }
}

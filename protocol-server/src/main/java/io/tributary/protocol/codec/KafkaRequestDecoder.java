package io.tributary.protocol.codec;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * Decodes one frame from {@link KafkaFrameDecoder} into a {@link DecodedRequest}: header of any version, then
 * the body with the request wrapper class, then a check that exactly the frame was consumed.
 * <p>
 * Which keys and versions this server <em>serves</em> is not decided here, only what kafka-clients can
 * <em>read</em>. A frame that cannot be read closes the connection with one log line, since nothing after
 * it on the stream can be trusted: an unknown API key, a key without valid versions (4-7), a garbage header,
 * a version the jar does not know, a corrupt body, or trailing bytes. The one exception is ApiVersions at a
 * version newer than the jar knows: a client probing with its newest version must get an answer telling it
 * our range (KIP-511), so its unreadable body is skipped.
 */
public final class KafkaRequestDecoder extends MessageToMessageDecoder<ByteBuffer> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequestDecoder.class);

    private boolean rejected;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuffer frame, List<Object> out) {
        if (rejected) {
            return;
        }
        int frameSize = frame.remaining();
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            reject(ctx, "unreadable request header (" + e.getMessage() + ")");
            return;
        }
        ApiKeys key = header.apiKey();
        short version = header.apiVersion();
        if (!key.isVersionSupported(version)) {
            if (key == ApiKeys.API_VERSIONS) {
                out.add(new DecodedRequest(header,
                        new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, version), frameSize));
            } else {
                reject(ctx, key.name + " v" + version + " is outside the readable range "
                        + key.oldestVersion() + ".." + key.latestVersion(true));
            }
            return;
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            reject(ctx, "corrupt " + key.name + " v" + version + " body (" + e.getMessage() + ")");
            return;
        }
        if (frame.hasRemaining()) {
            reject(ctx, frame.remaining() + " unread bytes after the " + key.name + " v" + version + " body");
            return;
        }
        out.add(new DecodedRequest(header, request, frameSize));
    }

    private void reject(ChannelHandlerContext ctx, String reason) {
        rejected = true;
        LOG.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }
}

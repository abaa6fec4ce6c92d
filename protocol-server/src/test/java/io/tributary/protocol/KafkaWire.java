package io.tributary.protocol;

import java.nio.ByteBuffer;

import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;

/** Builds request frames and reference response frames the way a Kafka client and broker lay them out. */
public final class KafkaWire {

    private KafkaWire() {
    }

    /** A size-prefixed request frame of {@code body} at {@code version}, even one the jar cannot build. */
    public static byte[] requestFrame(ApiKeys key, short version, int correlationId, ApiMessage body, short bodyVersion) {
        RequestHeader header = new RequestHeader(key, version, "test-client", correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + body.size(cache, bodyVersion);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.data().write(writer, cache, header.headerVersion());
        body.write(writer, cache, bodyVersion);
        return buffer.array();
    }

    public static byte[] requestFrame(ApiKeys key, short version, int correlationId, ApiMessage body) {
        return requestFrame(key, version, correlationId, body, version);
    }

    /** The response frame body (after the size prefix) serialized entirely on the heap, for comparisons. */
    public static byte[] heapResponse(ApiKeys key, short version, int correlationId, ApiMessage body) {
        short headerVersion = key.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        return buffer.array();
    }

    public static byte[] concat(byte[]... frames) {
        int length = 0;
        for (byte[] frame : frames) {
            length += frame.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] frame : frames) {
            all.put(frame);
        }
        return all.array();
    }
}

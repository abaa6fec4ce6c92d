package io.tributary.e2e.fuzz;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * One valid request, serialized with its header exactly as kafka-clients would send it (the 4-byte size prefix
 * excluded), with the places of its integer fields and record batches for the mutations to aim at.
 *
 * @param payload header and body; never modified (mutations copy it)
 */
record SeedFrame(ApiKeys key, short version, byte[] payload, List<FrameField> fields, List<FrameField> records) {

    static final String CLIENT_ID = "fuzz";

    /** Serializes {@code body} at {@code version} behind a request header for {@code key}. */
    static SeedFrame of(ApiKeys key, short version, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(0)
                .setClientId(CLIENT_ID);
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        FieldRecordingWriter writer = new FieldRecordingWriter(buffer);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        if (buffer.hasRemaining()) {
            throw new IllegalStateException(key + " v" + version + " wrote " + buffer.position() + " of " + size
                    + " bytes");
        }
        return new SeedFrame(key, version, buffer.array(), List.copyOf(writer.fields()),
                List.copyOf(writer.records()));
    }

    @Override
    public String toString() {
        return key.name + " v" + version + " (" + payload.length + " bytes)";
    }
}

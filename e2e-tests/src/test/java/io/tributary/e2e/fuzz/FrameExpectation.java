package io.tributary.e2e.fuzz;

import java.nio.ByteBuffer;

import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a node may do with a frame, decided by reading it as a Kafka broker does (kafka-clients' header and body
 * parsers, then a check that nothing is left over).
 * <ul>
 *   <li>A frame that reads as a request must be answered with a response to it (same correlation id, a body that
 *       parses at the request's version), unless the protocol lets the node hold it: {@link #mayHoldMs} is how long
 *       (acks=0 Produce forever; Fetch up to its max wait; JoinGroup and SyncGroup until the
 *       rest of the group arrives; the topic admin APIs and ListOffsets up to their timeout; Produce up to its
 *       timeout).</li>
 *   <li>A frame that does not read as a request may be answered or closed, never ignored: Kafka closes the
 *       connection, or answers an ApiVersions of an unknown version (KIP-511).</li>
 * </ul>
 *
 * @param header  the parsed header, or null if the header does not read
 * @param request the parsed request, or null if the frame does not read as one
 */
record FrameExpectation(RequestHeader header, AbstractRequest request, long mayHoldMs) {

    static final long FOREVER = Long.MAX_VALUE;

    static FrameExpectation of(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        RequestHeader header;
        try {
            header = RequestHeader.parse(buffer);
        } catch (RuntimeException e) {
            return new FrameExpectation(null, null, 0);
        }
        ApiKeys key = header.apiKey();
        if (!key.isVersionSupported(header.apiVersion())) {
            return new FrameExpectation(header, null, 0);
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(key, header.apiVersion(), new ByteBufferAccessor(buffer)).request;
        } catch (RuntimeException e) {
            return new FrameExpectation(header, null, 0);
        }
        if (buffer.hasRemaining()) {
            return new FrameExpectation(header, null, 0);
        }
        return new FrameExpectation(header, request, mayHold(request));
    }

    boolean readable() {
        return request != null;
    }

    private static long mayHold(AbstractRequest request) {
        return switch (request.apiKey()) {
            case PRODUCE -> {
                ProduceRequestData produce = (ProduceRequestData) request.data();
                yield produce.acks() == 0 ? FOREVER : nonNegative(produce.timeoutMs());
            }
            case FETCH -> nonNegative(((FetchRequestData) request.data()).maxWaitMs());
            // a member waits for the rest of its group, and a group's timeouts are its members', not this frame's
            case JOIN_GROUP, SYNC_GROUP -> FOREVER;
            case LIST_OFFSETS -> nonNegative(((ListOffsetsRequestData) request.data()).timeoutMs());
            case CREATE_TOPICS -> nonNegative(((CreateTopicsRequestData) request.data()).timeoutMs());
            case DELETE_TOPICS -> nonNegative(((DeleteTopicsRequestData) request.data()).timeoutMs());
            case CREATE_PARTITIONS -> nonNegative(((CreatePartitionsRequestData) request.data()).timeoutMs());
            default -> 0;
        };
    }

    private static long nonNegative(int millis) {
        return Math.max(0, millis);
    }
}

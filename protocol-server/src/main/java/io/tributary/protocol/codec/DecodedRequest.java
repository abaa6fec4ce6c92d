package io.tributary.protocol.codec;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One request frame, decoded. The wrapper (not just its {@code data()}) is kept because it knows how to build
 * this request's error response.
 *
 * @param header    the request header
 * @param request   the decoded body
 * @param frameSize bytes in the frame after the size prefix
 */
public record DecodedRequest(RequestHeader header, AbstractRequest request, int frameSize) {
}

package io.tributary.protocol.dispatch;

import io.tributary.protocol.codec.EncodedResponse;

/**
 * What the connection does for one request once it reaches the head of the response queue: write a response,
 * write nothing (acks=0 Produce), or close.
 *
 * @param response         the frame to write, or null
 * @param closesConnection whether to close the connection instead, after the responses before it
 */
public record Reply(EncodedResponse response, boolean closesConnection) {

    public static final Reply NONE = new Reply(null, false);
    public static final Reply CLOSE = new Reply(null, true);

    public static Reply send(EncodedResponse response) {
        return new Reply(response, false);
    }

    /** Frees the response of a reply that will never be written. */
    public void release() {
        if (response != null) {
            response.release();
        }
    }
}

package io.tributary.protocol.metrics;

/**
 * Why a request frame was refused before any handler saw it. Each refusal closes the connection, since nothing
 * after an unreadable frame on the stream can be trusted; the {@link #tag()} is the {@code reason} of
 * {@value RequestMetrics#REJECTED_FRAMES}.
 */
public enum FrameRejection {

    /** The size prefix is negative or above {@code socket.request.max.bytes}. */
    OVERSIZED("oversized"),
    /** The request header cannot be parsed. */
    UNREADABLE_HEADER("unreadable_header"),
    /** The API key is unknown to kafka-clients, or has no version it can read. */
    UNKNOWN_API("unknown_api"),
    /** The API is known, the version is not one kafka-clients can read (ApiVersions excepted: KIP-511). */
    UNREADABLE_VERSION("unreadable_version"),
    /** The body cannot be parsed at its version. */
    CORRUPT_BODY("corrupt_body"),
    /** Bytes are left in the frame after the body. */
    TRAILING_BYTES("trailing_bytes");

    private final String tag;

    FrameRejection(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}

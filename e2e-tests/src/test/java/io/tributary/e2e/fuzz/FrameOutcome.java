package io.tributary.e2e.fuzz;

/** What became of one fuzz frame. The last two are findings: a node that behaves never produces them. */
enum FrameOutcome {
    /** A response to a frame that reads as a request: same correlation id, a body that parses at its version. */
    ANSWERED,
    /** A response to a frame that does not read as a request (an ApiVersions of an unknown version). */
    ANSWERED_UNREADABLE,
    /** The node closed the connection. */
    CLOSED,
    /** No answer within the short wait, to a request the protocol lets the node hold (see {@link FrameExpectation}). */
    HELD,
    /** The size prefix promised more bytes than were sent: the node is right to wait; the fuzzer hangs up. */
    INCOMPLETE,
    /** The size prefix was smaller than the payload: the rest reads as another frame; any reaction is allowed. */
    SHORT_PREFIX,
    /** Finding: neither an answer nor a close within the long wait, to a frame the node may not hold. */
    UNANSWERED,
    /** Finding: bytes back that are not a response to the request. */
    MALFORMED_ANSWER;

    boolean finding() {
        return this == UNANSWERED || this == MALFORMED_ANSWER;
    }
}

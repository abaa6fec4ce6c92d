package io.tributary.lag;

/** The cluster did not tell a group's offsets or its partitions' log offsets in time. */
public final class LagUnavailableException extends RuntimeException {

    public LagUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

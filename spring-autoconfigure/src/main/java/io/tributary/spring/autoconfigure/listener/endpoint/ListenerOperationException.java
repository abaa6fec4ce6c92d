package io.tributary.spring.autoconfigure.listener.endpoint;

/**
 * An operation of the kafkalisteners endpoint refused or not done, with the HTTP status the web extension answers
 * (JMX callers get the message).
 */
public final class ListenerOperationException extends RuntimeException {

    private final int status;
    private final String error;

    private ListenerOperationException(int status, String error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    static ListenerOperationException unknownListener(String id, Iterable<String> known) {
        return new ListenerOperationException(404, "unknown-listener",
                "No listener has id '" + id + "'; listeners: " + known, null);
    }

    static ListenerOperationException unknownPartition(String message) {
        return new ListenerOperationException(404, "unknown-partition", message, null);
    }

    static ListenerOperationException unknownOperation(String operation) {
        return new ListenerOperationException(404, "unknown-operation",
                "No operation '" + operation + "'; operations: pause, resume, seek, replay", null);
    }

    static ListenerOperationException badRequest(String message) {
        return new ListenerOperationException(400, "bad-request", message, null);
    }

    static ListenerOperationException conflict(String message) {
        return new ListenerOperationException(409, "conflict", message, null);
    }

    static ListenerOperationException unavailable(String message, Throwable cause) {
        return new ListenerOperationException(503, "unavailable", message, cause);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}

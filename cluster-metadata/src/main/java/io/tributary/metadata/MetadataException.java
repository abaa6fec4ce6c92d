package io.tributary.metadata;

import java.util.Objects;

/**
 * A refused or failed metadata operation. The {@link Reason} lets the broker and the admin API map the failure to a
 * Kafka error code or an HTTP status without parsing the message; the message is meant for the end user.
 */
public class MetadataException extends RuntimeException {

    public enum Reason {
        INVALID_TOPIC_NAME,
        TOPIC_ALREADY_EXISTS,
        UNKNOWN_TOPIC,
        INVALID_PARTITIONS,
        INVALID_REPLICATION_FACTOR,
        INVALID_REPLICA_ASSIGNMENT,
        INVALID_REQUEST,
        BROKER_ID_IN_USE,
        COORDINATOR_ID_IN_USE,
        /** A controller-only write was attempted by a process that is not (or no longer) the controller. */
        NOT_CONTROLLER,
        /** The operation was accepted but did not complete in time (e.g. the controller has not deleted a topic yet). */
        TIMED_OUT,
        /** ZooKeeper could not be reached; retriable. */
        UNAVAILABLE,
        /** The change breaks a limit of the cluster, e.g. too many partitions in one request. */
        POLICY_VIOLATION,
        /** The write is larger than ZooKeeper accepts in one request ({@code jute.maxbuffer}); nothing was sent. */
        WRITE_TOO_LARGE,
        /** ZooKeeper refused the operation for a reason this module does not expect (e.g. ACLs). */
        ZOOKEEPER_ERROR
    }

    private final Reason reason;

    public MetadataException(Reason reason, String message) {
        this(reason, message, null);
    }

    public MetadataException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

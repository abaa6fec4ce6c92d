package io.tributary.metadata;

/** ZooKeeper is unreachable or the session was lost during the call; the caller may retry later. */
public class MetadataUnavailableException extends MetadataException {

    public MetadataUnavailableException(String message) {
        super(Reason.UNAVAILABLE, message);
    }

    public MetadataUnavailableException(String message, Throwable cause) {
        super(Reason.UNAVAILABLE, message, cause);
    }
}

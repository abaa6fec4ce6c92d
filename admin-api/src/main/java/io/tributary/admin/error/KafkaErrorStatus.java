package io.tributary.admin.error;

import org.apache.kafka.common.protocol.Errors;
import org.springframework.http.HttpStatus;

/**
 * The HTTP status of a Kafka error: what is missing is 404, what already exists or is in use is 409, a value the
 * cluster refuses is 422, a cluster that cannot answer now is 503 or 504. Anything else the cluster refused is
 * still the client's request, so 400; only an error no client could cause is 500.
 */
final class KafkaErrorStatus {

    private KafkaErrorStatus() {
    }

    static HttpStatus of(Errors error) {
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID, GROUP_ID_NOT_FOUND, RESOURCE_NOT_FOUND,
                    UNKNOWN_MEMBER_ID, BROKER_NOT_AVAILABLE -> HttpStatus.NOT_FOUND;
            case TOPIC_ALREADY_EXISTS, NON_EMPTY_GROUP, GROUP_SUBSCRIBED_TO_TOPIC, TOPIC_DELETION_DISABLED,
                    REBALANCE_IN_PROGRESS, CONCURRENT_TRANSACTIONS -> HttpStatus.CONFLICT;
            case INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG,
                    INVALID_TOPIC_EXCEPTION, POLICY_VIOLATION, OFFSET_OUT_OF_RANGE, INVALID_GROUP_ID,
                    INVALID_COMMIT_OFFSET_SIZE, INVALID_TIMESTAMP, INVALID_PRODUCER_EPOCH -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED ->
                    HttpStatus.FORBIDDEN;
            case REQUEST_TIMED_OUT -> HttpStatus.GATEWAY_TIMEOUT;
            case NOT_CONTROLLER, LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, COORDINATOR_NOT_AVAILABLE,
                    COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR, NOT_ENOUGH_REPLICAS, KAFKA_STORAGE_ERROR,
                    NETWORK_EXCEPTION -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNKNOWN_SERVER_ERROR, NONE -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        };
    }
}

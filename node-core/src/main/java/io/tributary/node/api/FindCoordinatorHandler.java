package io.tributary.node.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.broker.Endpoint;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * FindCoordinator (v0-6): a group's coordinator is the live coordinator-service instance owning the group's partition
 * of {@code __consumer_offsets} ({@code hash(group) % offsets.topic.num.partitions}), answered with its node id, host
 * and port on the listener the request came in on; COORDINATOR_NOT_AVAILABLE, which clients retry, while no live
 * coordinator owns it or the owner lacks that listener. Transaction (key type 1) and share-group (2) coordinators do
 * not exist here: COORDINATOR_NOT_AVAILABLE with a message saying so. From v4 on, the keys come batched in
 * {@code coordinatorKeys} and are answered one by one in {@code coordinators}; before, the one {@code key} is answered
 * in the top-level fields. Usable by a coordinator as well.
 */
public final class FindCoordinatorHandler implements ApiHandler {

    static final byte GROUP = 0;
    static final byte TRANSACTION = 1;
    static final byte SHARE = 2;
    private static final short FIRST_BATCHED_VERSION = 4;

    private final ClusterMetadata metadata;
    private final int offsetsPartitionCount;

    /** @param offsetsPartitionCount {@code offsets.topic.num.partitions} */
    public FindCoordinatorHandler(ClusterMetadata metadata, int offsetsPartitionCount) {
        if (offsetsPartitionCount <= 0) {
            throw new IllegalArgumentException("offsets.topic.num.partitions must be positive, got " + offsetsPartitionCount);
        }
        this.metadata = metadata;
        this.offsetsPartitionCount = offsetsPartitionCount;
    }

    /** The answer for one key: a coordinator at its address on the request's listener, or an error with its message. */
    private record Answer(int nodeId, Endpoint endpoint, Errors error, String message) {

        static Answer error(Errors error, String message) {
            return new Answer(-1, null, error, message);
        }

        String host() {
            return endpoint == null ? "" : endpoint.host();
        }

        int port() {
            return endpoint == null ? -1 : endpoint.port();
        }
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        FindCoordinatorRequestData request = (FindCoordinatorRequestData) message;
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= FIRST_BATCHED_VERSION) {
            List<String> keys = request.coordinatorKeys();
            for (String key : keys) {
                Answer answer = find(request.keyType(), key, context.listenerName());
                response.coordinators().add(new FindCoordinatorResponseData.Coordinator()
                        .setKey(key)
                        .setNodeId(answer.nodeId())
                        .setHost(answer.host())
                        .setPort(answer.port())
                        .setErrorCode(answer.error().code())
                        .setErrorMessage(answer.message()));
            }
        } else {
            Answer answer = find(request.keyType(), request.key(), context.listenerName());
            response.setNodeId(answer.nodeId())
                    .setHost(answer.host())
                    .setPort(answer.port())
                    .setErrorCode(answer.error().code())
                    .setErrorMessage(answer.message());
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * The partition count of {@code __consumer_offsets} as it exists, as Kafka's group coordinator reads it: this
     * node's {@code offsets.topic.num.partitions} only counts until the topic is created, so that a node configured
     * differently from the coordinators still sends each group to its owner.
     */
    private int offsetsPartitionCount() {
        return metadata.topic(Topic.GROUP_METADATA_TOPIC_NAME).map(topic -> topic.assignment().partitionCount())
                .filter(count -> count > 0).orElse(offsetsPartitionCount);
    }

    private Answer find(byte keyType, String key, String listener) {
        switch (keyType) {
            case GROUP:
                if (key == null || key.isEmpty()) {
                    return Answer.error(Errors.INVALID_REQUEST, "The group id must not be empty");
                }
                int partitions = offsetsPartitionCount();
                Optional<CoordinatorRegistration> owner = metadata.coordinatorFor(key, partitions);
                if (owner.isEmpty()) {
                    return Answer.error(Errors.COORDINATOR_NOT_AVAILABLE, "No live coordinator owns partition "
                            + ClusterMetadata.offsetsPartitionFor(key, partitions) + " of "
                            + Topic.GROUP_METADATA_TOPIC_NAME + " yet");
                }
                CoordinatorRegistration coordinator = owner.get();
                // as Kafka does when the coordinator has no endpoint on the client's listener
                return coordinator.endpoint(listener)
                        .map(endpoint -> new Answer(coordinator.id(), endpoint, Errors.NONE, null))
                        .orElseGet(() -> Answer.error(Errors.COORDINATOR_NOT_AVAILABLE, "Coordinator "
                                + coordinator.id() + " has no listener " + listener));
            case TRANSACTION:
                return Answer.error(Errors.COORDINATOR_NOT_AVAILABLE, "Transactions are not supported");
            case SHARE:
                return Answer.error(Errors.COORDINATOR_NOT_AVAILABLE, "Share groups are not supported");
            default:
                return Answer.error(Errors.INVALID_REQUEST, "Unknown coordinator key type " + keyType);
        }
    }
}

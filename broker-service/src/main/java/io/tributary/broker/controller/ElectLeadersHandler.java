package io.tributary.broker.controller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.controller.ElectionResult;
import io.tributary.metadata.controller.PartitionController;
import io.tributary.metadata.controller.PartitionController.ElectionType;
import io.tributary.metadata.controller.PartitionId;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * ElectLeaders (API 43; the Admin client's {@code electLeaders}, {@code kafka-leader-election.sh}): answered by the
 * controller only, as in Kafka; any other broker answers NOT_CONTROLLER, which sends the Admin client to the
 * controller Metadata names. Per partition, Kafka 4.x's results: none, ELECTION_NOT_NEEDED (the preferred replica
 * leads already, or for UNCLEAN a live leader exists), PREFERRED_LEADER_NOT_AVAILABLE (the preferred replica is not
 * alive or not in the ISR), ELIGIBLE_LEADERS_NOT_AVAILABLE (UNCLEAN with no live replica),
 * UNKNOWN_TOPIC_OR_PARTITION. A request for every partition (no topic list) leaves out those that needed no election.
 *
 * <p>The partitions named are bounded by {@link #MAX_PARTITIONS} before anything is built for them: each one costs a
 * ZooKeeper read on the controller.
 */
public final class ElectLeadersHandler implements ApiHandler {

    /** Kafka's controller caps one request's changes at 10,000 records ({@code MAX_RECORDS_PER_USER_OP}). */
    static final int MAX_PARTITIONS = 10_000;
    private static final byte PREFERRED = 0;
    private static final byte UNCLEAN = 1;

    private final PartitionController controller;
    private final int brokerId;

    public ElectLeadersHandler(PartitionController controller, int brokerId) {
        this.controller = controller;
        this.brokerId = brokerId;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        ElectLeadersRequestData request = (ElectLeadersRequestData) message;
        if (!controller.isActive()) {
            return CompletableFuture.failedFuture(notController());
        }
        ElectionType type = switch (request.electionType()) {
            case PREFERRED -> ElectionType.PREFERRED;
            case UNCLEAN -> ElectionType.UNCLEAN;
            default -> throw new InvalidRequestException("Unknown election type " + request.electionType());
        };
        List<PartitionId> asked = request.topicPartitions() == null ? null : partitions(request);
        return controller.elect(type, asked)
                .orTimeout(Math.max(0, request.timeoutMs()), TimeUnit.MILLISECONDS)
                .handle((results, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(translate(failure));
                    }
                    if (results.containsValue(ElectionResult.NOT_CONTROLLER)) {
                        throw new CompletionException(notController());
                    }
                    return response(type, results, asked == null);
                });
    }

    private static List<PartitionId> partitions(ElectLeadersRequestData request) {
        long count = 0;
        for (ElectLeadersRequestData.TopicPartitions topic : request.topicPartitions()) {
            count += topic.partitions().size();
        }
        if (count > MAX_PARTITIONS) {
            throw new InvalidRequestException("ElectLeaders names " + count + " partitions; at most " + MAX_PARTITIONS
                    + " are accepted in one request.");
        }
        Set<PartitionId> unique = new LinkedHashSet<>();
        for (ElectLeadersRequestData.TopicPartitions topic : request.topicPartitions()) {
            topic.partitions().forEach(p -> unique.add(new PartitionId(topic.topic(), p)));
        }
        return new ArrayList<>(unique);
    }

    private static ElectLeadersResponseData response(ElectionType type, Map<PartitionId, ElectionResult> results,
                                                     boolean all) {
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        results.forEach((id, result) -> {
            ReplicaElectionResult topic = byTopic.computeIfAbsent(id.topic(),
                    name -> new ReplicaElectionResult().setTopic(name));
            if (all && result == ElectionResult.NOT_NEEDED) {
                return;
            }
            Errors error = error(type, result);
            topic.partitionResult().add(new PartitionResult().setPartitionId(id.partition())
                    .setErrorCode(error.code())
                    .setErrorMessage(error == Errors.NONE ? null
                            : error == Errors.UNKNOWN_TOPIC_OR_PARTITION ? "No such partition as " + id
                            : error.message()));
        });
        return new ElectLeadersResponseData().setErrorCode(Errors.NONE.code())
                .setReplicaElectionResults(new ArrayList<>(byTopic.values()));
    }

    private static Errors error(ElectionType type, ElectionResult result) {
        return switch (result) {
            case ELECTED -> Errors.NONE;
            case NOT_NEEDED -> Errors.ELECTION_NOT_NEEDED;
            case NOT_AVAILABLE -> type == ElectionType.PREFERRED ? Errors.PREFERRED_LEADER_NOT_AVAILABLE
                    : Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
            case UNKNOWN_PARTITION -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case NOT_CONTROLLER -> Errors.NOT_CONTROLLER;
        };
    }

    private Throwable translate(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return new TimeoutException("The controller did not finish the election in time");
        }
        if (cause instanceof MetadataException e && e.reason() == MetadataException.Reason.NOT_CONTROLLER) {
            return notController();
        }
        if (cause instanceof MetadataException e && e.reason() == MetadataException.Reason.UNAVAILABLE) {
            return new TimeoutException(e.getMessage());
        }
        return cause;
    }

    private NotControllerException notController() {
        return new NotControllerException("Broker " + brokerId + " is not the controller");
    }
}

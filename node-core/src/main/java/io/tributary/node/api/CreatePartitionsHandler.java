package io.tributary.node.api;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.topic.TopicRules;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * CreatePartitions: partitions are only ever added; a smaller count is refused with INVALID_PARTITIONS. A request
 * that would add more than {@link TopicRules#MAX_PARTITIONS_PER_REQUEST} partitions in all is refused as a whole
 * with POLICY_VIOLATION, before any topic is looked at: Kafka's controller bounds a request's new partitions by the
 * same number (it fails the topic whose records overflow its batch), and this is CreateTopics' refusal for it.
 */
public final class CreatePartitionsHandler implements ApiHandler {

    private final TopicAdministration admin;

    public CreatePartitionsHandler(TopicAdministration admin) {
        this.admin = admin;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        CreatePartitionsRequestData request = (CreatePartitionsRequestData) message;
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        boolean excessive = addedPartitions(request) > TopicRules.MAX_PARTITIONS_PER_REQUEST;
        for (CreatePartitionsRequestData.CreatePartitionsTopic topic : request.topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult result =
                    new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(topic.name());
            if (excessive) {
                result.setErrorCode(Errors.POLICY_VIOLATION.code()).setErrorMessage(TopicRules.EXCESSIVE_PARTITIONS);
            } else {
                List<List<Integer>> assignment = topic.assignments() == null ? null : topic.assignments().stream()
                        .map(CreatePartitionsRequestData.CreatePartitionsAssignment::brokerIds).toList();
                try {
                    admin.createPartitions(topic.name(), topic.count(), assignment, request.validateOnly());
                } catch (RuntimeException e) {
                    result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * New partitions over every existing topic of the request, or as many manual assignments if there are more;
     * a topic that does not exist adds nothing, it fails on its own.
     */
    private long addedPartitions(CreatePartitionsRequestData request) {
        long total = 0;
        for (CreatePartitionsRequestData.CreatePartitionsTopic topic : request.topics()) {
            OptionalInt current = admin.partitionCount(topic.name());
            if (current.isPresent()) {
                int assignments = topic.assignments() == null ? 0 : topic.assignments().size();
                total += Math.max(Math.max(0L, (long) topic.count() - current.getAsInt()), assignments);
            }
        }
        return total;
    }
}

package io.tributary.node.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.node.admin.TopicAdministration;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** CreatePartitions: partitions are only ever added; a smaller count is refused with INVALID_PARTITIONS. */
public final class CreatePartitionsHandler implements ApiHandler {

    private final TopicAdministration admin;

    public CreatePartitionsHandler(TopicAdministration admin) {
        this.admin = admin;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        CreatePartitionsRequestData request = (CreatePartitionsRequestData) message;
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        for (CreatePartitionsRequestData.CreatePartitionsTopic topic : request.topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult result =
                    new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(topic.name());
            List<List<Integer>> assignment = topic.assignments() == null ? null
                    : topic.assignments().stream().map(CreatePartitionsRequestData.CreatePartitionsAssignment::brokerIds).toList();
            try {
                admin.createPartitions(topic.name(), topic.count(), assignment, request.validateOnly());
            } catch (RuntimeException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }
}

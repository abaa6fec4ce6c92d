package io.tributary.node.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.node.admin.TopicAdministration;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** DeleteTopics by name (all versions) or by topic id (v6+); answers once the controller has removed the topic. */
public final class DeleteTopicsHandler implements ApiHandler {

    private final TopicAdministration admin;

    public DeleteTopicsHandler(TopicAdministration admin) {
        this.admin = admin;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        DeleteTopicsRequestData request = (DeleteTopicsRequestData) message;
        List<DeleteTopicsRequestData.DeleteTopicState> targets = new ArrayList<>(request.topics());
        request.topicNames().forEach(name -> targets.add(new DeleteTopicsRequestData.DeleteTopicState().setName(name)));
        Duration timeout = Duration.ofMillis(Math.max(request.timeoutMs(), 1));
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        for (DeleteTopicsRequestData.DeleteTopicState target : targets) {
            DeleteTopicsResponseData.DeletableTopicResult result = new DeleteTopicsResponseData.DeletableTopicResult()
                    .setName(target.name())
                    .setTopicId(target.topicId());
            boolean byId = target.name() == null && target.topicId() != null && !Uuid.ZERO_UUID.equals(target.topicId());
            Optional<String> name = byId ? admin.topicName(target.topicId()) : Optional.ofNullable(target.name());
            if (name.isEmpty()) {
                Errors error = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.INVALID_REQUEST;
                result.setErrorCode(error.code()).setErrorMessage(error.message());
            } else {
                try {
                    result.setName(name.get());
                    admin.delete(name.get(), timeout);
                } catch (RuntimeException e) {
                    result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
            }
            response.responses().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }
}

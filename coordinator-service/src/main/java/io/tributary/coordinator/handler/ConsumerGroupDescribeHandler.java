package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * ConsumerGroupDescribe: only classic groups exist here, so each is GROUP_ID_NOT_FOUND ("Group g is not a consumer
 * group."), which makes Admin ({@code kafka-consumer-groups --describe}) fall back to DescribeGroups.
 */
public final class ConsumerGroupDescribeHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        ConsumerGroupDescribeRequestData request = (ConsumerGroupDescribeRequestData) message;
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        response.groups().addAll(coordinator.describeConsumerGroups(request.groupIds()));
        return CompletableFuture.completedFuture(response);
    }
}

package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

public final class DescribeGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        DescribeGroupsRequestData request = (DescribeGroupsRequestData) message;
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        response.groups().addAll(coordinator.describeGroups(request.groups(), context.apiVersion()));
        return CompletableFuture.completedFuture(response);
    }
}

package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** ListGroups (v0-5): the states filter from v4, the types filter from v5 (absent filters mean all). */
public final class ListGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        ListGroupsRequestData request = (ListGroupsRequestData) message;
        return CompletableFuture.completedFuture(coordinator.listGroups(request.statesFilter(), request.typesFilter()));
    }
}

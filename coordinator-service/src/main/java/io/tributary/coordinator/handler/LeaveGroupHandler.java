package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** LeaveGroup: v3+ a batch of members (per-member errors); v0-2 one member (the top-level error). */
public final class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        return CompletableFuture.completedFuture(coordinator.leaveGroup((LeaveGroupRequestData) message, context.apiVersion()));
    }
}

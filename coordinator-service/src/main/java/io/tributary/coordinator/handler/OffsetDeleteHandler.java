package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

public final class OffsetDeleteHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public OffsetDeleteHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        return coordinator.deleteOffsets((OffsetDeleteRequestData) message).thenApply(r -> r);
    }
}

package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** SyncGroup: followers are parked until the leader's assignment is written. */
public final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        return coordinator.syncGroup((SyncGroupRequestData) message).thenApply(response -> response);
    }
}

package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** OffsetCommit (by topic name, v2-9): answered once the commit records are written. */
public final class OffsetCommitHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public OffsetCommitHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        return coordinator.commitOffsets((OffsetCommitRequestData) message, context.apiVersion()).thenApply(r -> r);
    }
}

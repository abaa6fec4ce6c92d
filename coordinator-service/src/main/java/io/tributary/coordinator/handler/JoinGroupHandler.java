package io.tributary.coordinator.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** JoinGroup: parked until the rebalance completes; never blocks the I/O thread. */
public final class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        short version = context.apiVersion();
        return coordinator.joinGroup((JoinGroupRequestData) message, version, context.header().clientId(),
                        context.clientAddress().getAddress() == null ? context.clientAddress().getHostString()
                                : "/" + context.clientAddress().getAddress().getHostAddress())
                .thenApply(response -> {
                    // below v7 the protocol name is not nullable
                    if (version < 7 && response.protocolName() == null) {
                        response.setProtocolName("");
                    }
                    if (response.leader() == null) {
                        response.setLeader("");
                    }
                    return response;
                });
    }
}

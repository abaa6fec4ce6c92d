package io.tributary.broker.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * ListGroups (v0-5) on a broker: no group lives here, so the list is empty. Kafka's Admin sends ListGroups to every
 * node in Metadata and merges the answers; the coordinators answer with their groups.
 */
public final class ListGroupsHandler implements ApiHandler {

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        return CompletableFuture.completedFuture(new ListGroupsResponseData().setErrorCode(Errors.NONE.code()));
    }
}

package io.tributary.node.api;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.node.producer.ProducerIdManager;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * InitProducerId for idempotent (non-transactional) producers: a new producer id at epoch 0, or, when a producer
 * asks to bump the epoch of its own id (KIP-360, after a sequence error), the same id at the next epoch, or a new id
 * when the epoch would overflow. Transactions are not supported: a transactional id is refused.
 */
public final class InitProducerIdHandler implements ApiHandler {

    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        InitProducerIdRequestData request = (InitProducerIdRequestData) message;
        InitProducerIdResponseData response = new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1);
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        if (request.producerId() >= 0 && request.producerEpoch() >= 0 && request.producerEpoch() < Short.MAX_VALUE - 1) {
            response.setProducerId(request.producerId()).setProducerEpoch((short) (request.producerEpoch() + 1));
        } else {
            response.setProducerId(producerIds.nextProducerId()).setProducerEpoch((short) 0);
        }
        return CompletableFuture.completedFuture(response);
    }
}

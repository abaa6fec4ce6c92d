package io.tributary.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.fencing.AppendFence;
import io.tributary.broker.log.AppendResult;
import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * Produce: validates and appends each partition's batches on its leader. A failure in one partition is answered for
 * that partition only. {@code acks=all} is answered once the ISR has the records ({@link DelayedProduce}). {@code acks=0} is answered with no response at all, as Kafka's clients expect; when a
 * partition of such a request failed, the connection is closed instead, as Kafka does, so that the producer notices
 * and refreshes its metadata rather than sending into a partition that cannot take its records.
 */
public final class ProduceHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);

    private final PartitionManager partitions;
    private final ScheduledExecutorService timer;
    private final AppendFence fence;

    public ProduceHandler(PartitionManager partitions, ScheduledExecutorService timer) {
        this(partitions, timer, AppendFence.NONE);
    }

    /**
     * @param timer expires acks=all produces at their timeout; nothing that blocks runs on it
     * @param fence checked before each partition's append
     */
    public ProduceHandler(PartitionManager partitions, ScheduledExecutorService timer, AppendFence fence) {
        this.partitions = partitions;
        this.timer = timer;
        this.fence = fence;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        ProduceRequestData request = (ProduceRequestData) message;
        short acks = request.acks();
        ProduceResponseData response = new ProduceResponseData();
        List<DelayedProduce.Waiting> waiting = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topicData : request.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(topicData.name())
                    .setTopicId(topicData.topicId());
            Optional<String> topicName = PartitionLookup.topicName(partitions, topicData.topicId(), topicData.name());
            for (ProduceRequestData.PartitionProduceData partitionData : topicData.partitionData()) {
                topicResponse.partitionResponses().add(
                        produce(topicName, topicData.topicId(), partitionData, acks, request.transactionalId(), waiting));
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            return firstError(response).<CompletableFuture<ApiMessage>>map(CompletableFuture::failedFuture)
                    .orElseGet(() -> CompletableFuture.completedFuture(null));
        }
        if (waiting.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        DelayedProduce delayed = new DelayedProduce(waiting, response);
        delayed.start(timer, request.timeoutMs());
        return delayed.future().thenApply(ApiMessage.class::cast);
    }

    /** The first partition error of a response, as the exception the dispatcher closes an acks=0 connection for. */
    private static Optional<Throwable> firstError(ProduceResponseData response) {
        for (ProduceResponseData.TopicProduceResponse topic : response.responses()) {
            for (ProduceResponseData.PartitionProduceResponse partition : topic.partitionResponses()) {
                if (partition.errorCode() != Errors.NONE.code()) {
                    return Optional.of(Errors.forCode(partition.errorCode()).exception(partition.errorMessage()));
                }
            }
        }
        return Optional.empty();
    }

    /** @param waiting gets the partition if it was appended with acks=all, to wait for the ISR */
    private ProduceResponseData.PartitionProduceResponse produce(Optional<String> topicName, Uuid topicId,
            ProduceRequestData.PartitionProduceData data, short acks, String transactionalId,
            List<DelayedProduce.Waiting> waiting) {
        ProduceResponseData.PartitionProduceResponse result = new ProduceResponseData.PartitionProduceResponse()
                .setIndex(data.index())
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
        if (acks != 0 && acks != 1 && acks != -1) {
            return result.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code())
                    .setErrorMessage("acks must be -1, 0 or 1, got " + acks);
        }
        if (transactionalId != null) {
            return result.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("Transactions are not supported by this broker");
        }
        Optional<Partition> partition = topicName.flatMap(name -> partitions.partition(name, data.index()));
        if (partition.isEmpty()) {
            Errors error = PartitionLookup.unknown(topicId, topicName);
            return result.setErrorCode(error.code()).setErrorMessage(error.message());
        }
        if (!(data.records() instanceof MemoryRecords records)) {
            return result.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage("Produce request without records");
        }
        Optional<ApiException> fenced = fence.check(partition.get().topic(), data.index(), records);
        if (fenced.isPresent()) {
            return result.setErrorCode(Errors.forException(fenced.get()).code()).setErrorMessage(fenced.get().getMessage());
        }
        try {
            AppendResult appended = partition.get().appendAsLeader(records, acks);
            result.setBaseOffset(appended.baseOffset())
                    .setLogAppendTimeMs(appended.logAppendTimeMs())
                    .setLogStartOffset(appended.logStartOffset());
            if (acks == -1) {
                waiting.add(new DelayedProduce.Waiting(partition.get(), appended.lastOffset() + 1, result));
            }
            return result;
        } catch (RuntimeException e) {
            Errors error = Errors.forException(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) {
                log.error("Append to {}-{} failed", partition.get().topic(), data.index(), e);
            }
            return result.setErrorCode(error.code()).setErrorMessage(e.getMessage());
        }
    }
}

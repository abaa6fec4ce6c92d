package io.tributary.broker.handler;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * OffsetsForLeaderEpoch (API 23): where a leader epoch ends in the leader's log. Consumers ask it after a leader change
 * to validate their position (KIP-320), followers to find where their log diverges. Only the leader answers, at the
 * epoch the requester knows; an epoch the log never saw gives the largest one below it (Kafka's semantics), one above
 * every epoch known gives -1/-1 without an error.
 */
public final class OffsetsForLeaderEpochHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(OffsetsForLeaderEpochHandler.class);

    private final PartitionManager partitions;

    public OffsetsForLeaderEpochHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        OffsetForLeaderEpochRequestData request = (OffsetForLeaderEpochRequestData) message;
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult result =
                    new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : topic.partitions()) {
                result.partitions().add(answer(topic.topic(), p));
            }
            response.topics().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private EpochEndOffset answer(String topic, OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p) {
        EpochEndOffset answer = new EpochEndOffset().setPartition(p.partition())
                .setLeaderEpoch(io.tributary.broker.log.EpochEndOffset.UNDEFINED_EPOCH)
                .setEndOffset(io.tributary.broker.log.EpochEndOffset.UNDEFINED_OFFSET);
        Optional<Partition> found = partitions.partition(topic, p.partition());
        if (found.isEmpty()) {
            return answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        Partition partition = found.get();
        Errors unavailable = PartitionLookup.availability(partition, p.currentLeaderEpoch());
        if (unavailable != Errors.NONE) {
            return answer.setErrorCode(unavailable.code());
        }
        try {
            io.tributary.broker.log.EpochEndOffset end = partition.log().endOffsetForEpoch(p.leaderEpoch());
            return answer.setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset());
        } catch (RuntimeException e) {
            Errors error = Errors.forException(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) {
                log.error("OffsetsForLeaderEpoch of {}-{} failed", topic, p.partition(), e);
            }
            return answer.setErrorCode(error.code());
        }
    }
}

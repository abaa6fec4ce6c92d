package io.tributary.broker.handler;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * DeleteRecords (the Admin client's {@code deleteRecords}, {@code kafka-delete-records.sh}, and Kafka Streams,
 * which purges its repartition topics after every commit): moves each partition's log start offset up, so the
 * records below it are gone for consumers and their segments from disk. Each partition succeeds or fails on its
 * own: UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, OFFSET_OUT_OF_RANGE above the high watermark, and
 * POLICY_VIOLATION for a topic that only compacts, as in Kafka.
 */
public final class DeleteRecordsHandler implements ApiHandler {

    private final PartitionManager partitions;

    public DeleteRecordsHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        DeleteRecordsRequestData request = (DeleteRecordsRequestData) message;
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsRequestData.DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsResponseData.DeleteRecordsTopicResult topicResult =
                    new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : topic.partitions()) {
                topicResult.partitions().add(delete(topic.name(), p));
            }
            response.topics().add(topicResult);
        }
        return CompletableFuture.completedFuture(response);
    }

    private DeleteRecordsResponseData.DeleteRecordsPartitionResult delete(String topic,
            DeleteRecordsRequestData.DeleteRecordsPartition request) {
        DeleteRecordsResponseData.DeleteRecordsPartitionResult result =
                new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                        .setPartitionIndex(request.partitionIndex())
                        .setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK);
        Optional<Partition> partition = partitions.partition(topic, request.partitionIndex());
        if (partition.isEmpty()) {
            return result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        try {
            return result.setLowWatermark(partition.get().deleteRecordsBefore(request.offset()));
        } catch (RuntimeException e) {
            return result.setErrorCode(Errors.forException(e).code());
        }
    }
}

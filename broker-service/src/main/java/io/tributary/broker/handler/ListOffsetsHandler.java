package io.tributary.broker.handler;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.log.PartitionLog;
import io.tributary.broker.log.TimestampOffset;
import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * ListOffsets: the earliest offset, the latest (the high watermark: nothing above it is visible to consumers; the log
 * end for a replica), the first offset at or after a timestamp through the time index, or the offset of the largest
 * timestamp; each with the leader epoch of the batch holding it (from v4).
 */
public final class ListOffsetsHandler implements ApiHandler {

    static final long LATEST = -1L;
    static final long EARLIEST = -2L;
    static final long MAX_TIMESTAMP = -3L;
    static final long EARLIEST_LOCAL = -4L;
    static final long EARLIEST_PENDING_UPLOAD = -6L;
    static final long LATEST_TIERED = -5L;

    private static final Logger log = LoggerFactory.getLogger(ListOffsetsHandler.class);

    private final PartitionManager partitions;

    public ListOffsetsHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        ListOffsetsRequestData request = (ListOffsetsRequestData) message;
        boolean withEpoch = context.apiVersion() >= 4;
        boolean fromReplica = request.replicaId() >= 0;
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse topicResponse =
                    new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
                ListOffsetsResponseData.ListOffsetsPartitionResponse result =
                        new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                                .setPartitionIndex(p.partitionIndex())
                                .setTimestamp(-1)
                                .setOffset(-1);
                topicResponse.partitions().add(result.setErrorCode(
                        lookupOrError(topic.name(), p, result, withEpoch, fromReplica).code()));
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    /** A failure, such as a log directory gone offline, answers for its partition only. */
    private Errors lookupOrError(String topic, ListOffsetsRequestData.ListOffsetsPartition p,
            ListOffsetsResponseData.ListOffsetsPartitionResponse result, boolean withEpoch, boolean fromReplica) {
        try {
            return lookup(topic, p, result, withEpoch, fromReplica);
        } catch (RuntimeException e) {
            result.setTimestamp(-1).setOffset(-1);
            Errors error = Errors.forException(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) {
                log.error("ListOffsets of {}-{} failed", topic, p.partitionIndex(), e);
            }
            return error;
        }
    }

    private Errors lookup(String topic, ListOffsetsRequestData.ListOffsetsPartition p,
            ListOffsetsResponseData.ListOffsetsPartitionResponse result, boolean withEpoch, boolean fromReplica) {
        Optional<Partition> found = partitions.partition(topic, p.partitionIndex());
        if (found.isEmpty()) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        Partition partition = found.get();
        Errors unavailable = PartitionLookup.availability(partition, p.currentLeaderEpoch());
        if (unavailable != Errors.NONE) {
            return unavailable;
        }
        PartitionLog log = partition.log();
        long timestamp = p.timestamp();
        if (timestamp == EARLIEST || timestamp == EARLIEST_LOCAL || timestamp == EARLIEST_PENDING_UPLOAD) {
            result.setOffset(log.logStartOffset());
        } else if (timestamp == LATEST || timestamp == LATEST_TIERED) {
            // a replica asks where the log ends, to find its place after OFFSET_OUT_OF_RANGE (as Kafka)
            result.setOffset(fromReplica ? log.logEndOffset() : log.highWatermark());
        } else if (timestamp == MAX_TIMESTAMP) {
            log.maxTimestampAndOffset().ifPresent(found1 -> result.setTimestamp(found1.timestamp()).setOffset(found1.offset()));
        } else if (timestamp >= 0) {
            Optional<TimestampOffset> atOrAfter = log.offsetForTimestamp(timestamp);
            atOrAfter.filter(t -> t.offset() < log.highWatermark())
                    .ifPresent(t -> result.setTimestamp(t.timestamp()).setOffset(t.offset()));
        } else {
            return Errors.INVALID_REQUEST;
        }
        if (withEpoch && result.offset() >= 0) {
            // the latest offset is this leader's; any other belongs to the batch holding it (Kafka 4.x)
            OptionalInt epoch = timestamp == LATEST || timestamp == LATEST_TIERED ? OptionalInt.of(partition.leaderEpoch())
                    : log.epochForOffset(result.offset());
            result.setLeaderEpoch(epoch.orElse(-1));
        }
        return Errors.NONE;
    }
}

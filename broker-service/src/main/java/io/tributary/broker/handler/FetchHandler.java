package io.tributary.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.log.LogOffsetMetadata;
import io.tributary.broker.log.PartitionLog;
import io.tributary.broker.log.ReadResult;
import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * Fetch: reads each partition up to its high watermark and answers with slices of the segment files, which the
 * protocol server sends without copying them through the heap. When less than {@code min.bytes} is available the
 * request waits, up to {@code max.wait.ms}, until the partitions' ends have moved by enough bytes
 * ({@link DelayedFetch}). Fetch sessions (KIP-227) are not kept: session id 0 makes clients send full fetches.
 */
public final class FetchHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);

    private final PartitionManager partitions;
    private final ScheduledExecutorService timer;

    public FetchHandler(PartitionManager partitions, ScheduledExecutorService timer) {
        this.partitions = partitions;
        this.timer = timer;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        FetchRequestData request = (FetchRequestData) message;
        boolean fromReplica = replicaId(request) >= 0;
        FetchOutcome first = read(request, fromReplica);
        if (request.maxWaitMs() <= 0 || first.bytes() >= request.minBytes() || first.hasError()) {
            return CompletableFuture.completedFuture(first.response());
        }
        DelayedFetch delayed = new DelayedFetch(first.watches(), () -> read(request, fromReplica), request.minBytes());
        delayed.start(timer, request.maxWaitMs(), TimeUnit.MILLISECONDS);
        return delayed.future().thenApply(FetchOutcome::response);
    }

    /** The follower's broker epoch (Fetch v15+, KIP-903), or -1. */
    private static long replicaEpoch(FetchRequestData request) {
        return request.replicaState() != null ? request.replicaState().replicaEpoch() : -1L;
    }

    private static int replicaId(FetchRequestData request) {
        return request.replicaState() != null && request.replicaState().replicaId() >= 0
                ? request.replicaState().replicaId()
                : request.replicaId();
    }

    private Optional<String> topicName(FetchRequestData.FetchTopic topic) {
        return PartitionLookup.topicName(partitions, topic.topicId(), topic.topic());
    }

    FetchOutcome read(FetchRequestData request, boolean fromReplica) {
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        int budget = request.maxBytes();
        int bytes = 0;
        boolean hasError = false;
        List<DelayedFetch.Watch> watches = new ArrayList<>();
        Follower follower = fromReplica ? new Follower(replicaId(request), replicaEpoch(request)) : null;
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            FetchResponseData.FetchableTopicResponse topicResponse = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(topic.topic())
                    .setTopicId(topic.topicId());
            Optional<String> name = topicName(topic);
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                FetchResponseData.PartitionData data = new FetchResponseData.PartitionData()
                        .setPartitionIndex(p.partition())
                        .setHighWatermark(-1)
                        .setLastStableOffset(-1)
                        .setLogStartOffset(-1)
                        .setRecords(MemoryRecords.EMPTY);
                Errors error = readPartition(name, topic.topicId(), p, follower, Math.max(0, budget), bytes == 0, data, watches);
                if (error != Errors.NONE) {
                    hasError = true;
                    data.setErrorCode(error.code());
                }
                // a diverging epoch is answered at once, as an error is: the follower must truncate before it waits
                hasError |= data.divergingEpoch().epoch() >= 0;
                int size = data.records().sizeInBytes();
                bytes += size;
                budget -= size;
                topicResponse.partitions().add(data);
            }
            response.responses().add(topicResponse);
        }
        return new FetchOutcome(response, bytes, hasError, watches);
    }

    /**
     * @param follower the fetching follower, or null for a consumer
     * @param watches  gets the partition's readable end as this read saw it, for a fetch that then waits
     */
    private Errors readPartition(Optional<String> name, Uuid topicId, FetchRequestData.FetchPartition p,
            Follower follower, int budget, boolean firstData, FetchResponseData.PartitionData data,
            List<DelayedFetch.Watch> watches) {
        boolean fromReplica = follower != null;
        Optional<Partition> found = name.flatMap(n -> partitions.partition(n, p.partition()));
        if (found.isEmpty()) {
            return PartitionLookup.unknown(topicId, name);
        }
        Partition partition = found.get();
        Errors unavailable = PartitionLookup.availability(partition, p.currentLeaderEpoch());
        if (unavailable != Errors.NONE) {
            return unavailable;
        }
        PartitionLog log = partition.log();
        LogOffsetMetadata end = DelayedFetch.Watch.readableEnd(partition, fromReplica);
        long highWatermark = log.highWatermark();
        data.setHighWatermark(highWatermark).setLastStableOffset(highWatermark).setLogStartOffset(log.logStartOffset());
        if (p.lastFetchedEpoch() >= 0) {
            try {
                Optional<FetchResponseData.EpochEndOffset> diverging = DivergingEpoch.check(log, p.lastFetchedEpoch(), p.fetchOffset());
                if (diverging.isPresent()) {
                    data.setDivergingEpoch(diverging.get());
                    return Errors.NONE;
                }
            } catch (OffsetOutOfRangeException e) {
                return Errors.OFFSET_OUT_OF_RANGE;
            }
        }
        if (budget == 0 && !firstData) {
            watches.add(new DelayedFetch.Watch(partition, fromReplica, end, 0, p.partitionMaxBytes()));
            return Errors.NONE;
        }
        try {
            ReadResult result = log.read(p.fetchOffset(), Math.min(budget, p.partitionMaxBytes()), end.offset(), firstData);
            if (fromReplica && !partition.recordFollowerFetch(follower.id(), p.fetchOffset(), p.logStartOffset(),
                    follower.brokerEpoch(), end.offset())) {
                // as Kafka: a broker that is not one of the partition's followers gets no records, and no error
                return Errors.NONE;
            }
            data.setRecords(result.records());
            watches.add(new DelayedFetch.Watch(partition, fromReplica, end, result.records().sizeInBytes(), p.partitionMaxBytes()));
            return Errors.NONE;
        } catch (OffsetOutOfRangeException e) {
            return Errors.OFFSET_OUT_OF_RANGE;
        } catch (RuntimeException e) {
            Errors error = Errors.forException(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) {
                FetchHandler.log.error("Read of {}-{} at offset {} failed", partition.topic(), p.partition(), p.fetchOffset(), e);
            }
            return error;
        }
    }

    /** A follower fetch's replica id and broker epoch (-1 when the request carries none). */
    private record Follower(int id, long brokerEpoch) {
    }

    /** @param watches the partitions read without an error, for a fetch that then waits */
    record FetchOutcome(FetchResponseData response, int bytes, boolean hasError, List<DelayedFetch.Watch> watches) {
    }
}

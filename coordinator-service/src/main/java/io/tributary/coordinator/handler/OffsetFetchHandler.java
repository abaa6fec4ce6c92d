package io.tributary.coordinator.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * OffsetFetch (by topic name, v1-9): v8+ answers a batch of groups; v2-7 one group with a top-level error; v1 has
 * no top-level error, so a group-level error is repeated on every requested partition.
 */
public final class OffsetFetchHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public OffsetFetchHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        OffsetFetchRequestData request = (OffsetFetchRequestData) message;
        short version = context.apiVersion();
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 8) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup group : request.groups()) {
                response.groups().add(coordinator.fetchOffsets(group.groupId(), group.topics(), request.requireStable()));
            }
            return CompletableFuture.completedFuture(response);
        }
        List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics = null;
        if (request.topics() != null) {
            topics = new ArrayList<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : request.topics()) {
                topics.add(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(t.name())
                        .setPartitionIndexes(t.partitionIndexes()));
            }
        }
        OffsetFetchResponseData.OffsetFetchResponseGroup result =
                coordinator.fetchOffsets(request.groupId(), topics, request.requireStable());
        if (result.errorCode() != Errors.NONE.code()) {
            if (version >= 2) {
                return CompletableFuture.completedFuture(response.setErrorCode(result.errorCode()));
            }
            for (OffsetFetchRequestData.OffsetFetchRequestTopics t : topics == null ? List.<OffsetFetchRequestData.OffsetFetchRequestTopics>of() : topics) {
                OffsetFetchResponseData.OffsetFetchResponseTopic topic = new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(t.name());
                for (int p : t.partitionIndexes()) {
                    topic.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition().setPartitionIndex(p)
                            .setCommittedOffset(-1).setMetadata("").setErrorCode(result.errorCode()));
                }
                response.topics().add(topic);
            }
            return CompletableFuture.completedFuture(response);
        }
        for (OffsetFetchResponseData.OffsetFetchResponseTopics t : result.topics()) {
            OffsetFetchResponseData.OffsetFetchResponseTopic topic = new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : t.partitions()) {
                topic.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        // the leader epoch exists from v5 on and is not ignorable
                        .setCommittedLeaderEpoch(version >= 5 ? p.committedLeaderEpoch() : -1)
                        .setMetadata(p.metadata())
                        .setErrorCode(p.errorCode()));
            }
            response.topics().add(topic);
        }
        return CompletableFuture.completedFuture(response);
    }
}

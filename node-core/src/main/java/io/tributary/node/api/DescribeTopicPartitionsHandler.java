package io.tributary.node.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.admin.PartitionView;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * DescribeTopicPartitions (used by {@code kafka-topics --describe}): topics in name order, paged by
 * {@code responsePartitionLimit} with a cursor naming the first topic and partition of the next page.
 */
public final class DescribeTopicPartitionsHandler implements ApiHandler {

    private final ClusterView cluster;
    private final ClusterMetadata metadata;

    public DescribeTopicPartitionsHandler(ClusterView cluster, ClusterMetadata metadata) {
        this.cluster = cluster;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        DescribeTopicPartitionsRequestData request = (DescribeTopicPartitionsRequestData) message;
        Map<String, TopicMetadata> topics = metadata.topics();
        TreeSet<String> names = new TreeSet<>();
        if (request.topics().isEmpty()) {
            names.addAll(topics.keySet());
        } else {
            request.topics().forEach(t -> names.add(t.name()));
        }
        DescribeTopicPartitionsRequestData.Cursor cursor = request.cursor();
        Set<Integer> live = cluster.liveBrokerIds();
        int budget = Math.max(1, request.responsePartitionLimit());
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        for (String name : cursor == null ? names : names.tailSet(cursor.topicName(), true)) {
            TopicMetadata topic = topics.get(name);
            if (topic == null) {
                response.topics().add(new DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic()
                        .setName(name).setTopicId(Uuid.ZERO_UUID).setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            int firstPartition = cursor != null && cursor.topicName().equals(name) ? cursor.partitionIndex() : 0;
            DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic topicResponse =
                    new DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic()
                            .setName(name)
                            .setTopicId(Uuid.fromString(topic.assignment().topicId()))
                            .setIsInternal(name.startsWith("__"));
            for (PartitionView view : PartitionView.of(topic, live)) {
                if (view.index() < firstPartition) {
                    continue;
                }
                if (budget == 0) {
                    response.topics().add(topicResponse);
                    return CompletableFuture.completedFuture(response.setNextCursor(
                            new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name).setPartitionIndex(view.index())));
                }
                budget--;
                topicResponse.partitions().add(new DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition()
                        .setPartitionIndex(view.index())
                        .setErrorCode(view.error().code())
                        .setLeaderId(view.leader())
                        .setLeaderEpoch(view.leaderEpoch())
                        .setReplicaNodes(view.replicas())
                        .setIsrNodes(view.isr())
                        .setEligibleLeaderReplicas(List.of())
                        .setLastKnownElr(List.of())
                        .setOfflineReplicas(view.offlineReplicas()));
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }
}

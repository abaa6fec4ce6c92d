package io.tributary.node.api;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.FetchResponse;

import io.tributary.protocol.ApiHandler;

/**
 * The answer of a node to an API that another kind of node serves: the error with which Kafka sends a client to the
 * right node, where the response carries it.
 * <ul>
 * <li>Produce, Fetch, ListOffsets, DeleteRecords on a coordinator: NOT_LEADER_OR_FOLLOWER on every partition of the
 * request, as a
 * broker answers for a partition it does not lead; the clients refresh their metadata and send to the leader. A
 * Produce with acks=0 has no response to carry it: the connection is closed, as Kafka does for a failed acks=0
 * produce, which makes the producer refresh its metadata too.</li>
 * <li>Group and offset APIs on a broker: NOT_COORDINATOR, placed by the request's own error response (per partition
 * for OffsetCommit, per group for DescribeGroups, DeleteGroups, OffsetFetch v8+ and ConsumerGroupDescribe, at the top
 * elsewhere); consumers and the Admin client look the coordinator up again with FindCoordinator.</li>
 * <li>DescribeLogDirs on a coordinator: one log directory with an empty path and no partition, since it stores none.
 * Not none at all: Kafka's Admin client reads an answer without any directory as CLUSTER_AUTHORIZATION_FAILED, and
 * {@code kafka-log-dirs.sh} asks every node DescribeCluster lists, coordinators included.</li>
 * <li>ElectLeaders on a coordinator: NOT_CONTROLLER; the Admin client sends it again to the controller Metadata
 * names.</li>
 * </ul>
 */
final class Rerouting {

    private Rerouting() {
    }

    /**
     * @param servedBy the kinds of node that serve {@code key}
     * @param role     the kind of this node, which does not
     */
    static ApiHandler handler(ApiKeys key, Set<NodeRole> servedBy, NodeRole role, int nodeId) {
        if (servedBy.contains(NodeRole.COORDINATOR)) {
            String message = "Node " + nodeId + " is a " + name(role) + ", not a group coordinator: find the group's "
                    + "coordinator with FindCoordinator";
            return (context, request) -> CompletableFuture.failedFuture(new NotCoordinatorException(message));
        }
        return switch (key) {
            case PRODUCE -> (context, request) -> produce((ProduceRequestData) request);
            case FETCH -> (context, request) -> CompletableFuture.completedFuture(fetch((FetchRequestData) request));
            case LIST_OFFSETS -> (context, request) ->
                    CompletableFuture.completedFuture(listOffsets((ListOffsetsRequestData) request));
            case DELETE_RECORDS -> (context, request) ->
                    CompletableFuture.completedFuture(deleteRecords((DeleteRecordsRequestData) request));
            case OFFSET_FOR_LEADER_EPOCH -> (context, request) ->
                    CompletableFuture.completedFuture(offsetsForLeaderEpoch((OffsetForLeaderEpochRequestData) request));
            case DESCRIBE_LOG_DIRS -> (context, request) -> CompletableFuture.completedFuture(noLogDirectory());
            case ELECT_LEADERS -> (context, request) -> CompletableFuture.failedFuture(new NotControllerException(
                    "Node " + nodeId + " is a " + name(role) + ", not the controller"));
            default -> throw new IllegalArgumentException("No re-routing answer for " + key.name + " on a " + name(role));
        };
    }

    private static String name(NodeRole role) {
        return role == NodeRole.BROKER ? "broker" : "coordinator";
    }

    private static CompletableFuture<ApiMessage> produce(ProduceRequestData request) {
        if (request.acks() == 0) {
            return CompletableFuture.failedFuture(
                    new NotLeaderOrFollowerException("A coordinator leads no partition"));
        }
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            ProduceResponseData.TopicProduceResponse answer = new ProduceResponseData.TopicProduceResponse()
                    .setName(topic.name())
                    .setTopicId(topic.topicId());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                answer.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(partition.index())
                        .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code())
                        .setBaseOffset(-1)
                        .setLogAppendTimeMs(-1)
                        .setLogStartOffset(-1));
            }
            response.responses().add(answer);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static FetchResponseData fetch(FetchRequestData request) {
        FetchResponseData response = new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0);
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            FetchResponseData.FetchableTopicResponse answer = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(topic.topic())
                    .setTopicId(topic.topicId());
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                answer.partitions().add(FetchResponse.partitionResponse(partition.partition(),
                        Errors.NOT_LEADER_OR_FOLLOWER));
            }
            response.responses().add(answer);
        }
        return response;
    }

    private static ListOffsetsResponseData listOffsets(ListOffsetsRequestData request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse answer = new ListOffsetsResponseData.ListOffsetsTopicResponse()
                    .setName(topic.name());
            for (ListOffsetsRequestData.ListOffsetsPartition partition : topic.partitions()) {
                answer.partitions().add(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                        .setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code())
                        .setTimestamp(-1)
                        .setOffset(-1)
                        .setLeaderEpoch(-1));
            }
            response.topics().add(answer);
        }
        return response;
    }

    private static DeleteRecordsResponseData deleteRecords(DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsRequestData.DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsResponseData.DeleteRecordsTopicResult answer =
                    new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition partition : topic.partitions()) {
                answer.partitions().add(new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                        .setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code())
                        .setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK));
            }
            response.topics().add(answer);
        }
        return response;
    }

    private static DescribeLogDirsResponseData noLogDirectory() {
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        response.results().add(new DescribeLogDirsResponseData.DescribeLogDirsResult()
                .setErrorCode(Errors.NONE.code())
                .setLogDir("")
                .setTotalBytes(-1)
                .setUsableBytes(-1));
        return response;
    }

    private static OffsetForLeaderEpochResponseData offsetsForLeaderEpoch(OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult answer =
                    new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition partition : topic.partitions()) {
                answer.partitions().add(new OffsetForLeaderEpochResponseData.EpochEndOffset()
                        .setPartition(partition.partition())
                        .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code())
                        .setLeaderEpoch(-1)
                        .setEndOffset(-1));
            }
            response.topics().add(answer);
        }
        return response;
    }
}

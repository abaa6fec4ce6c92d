package io.tributary.node.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.admin.ClusterNode;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.admin.PartitionView;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * Metadata: the live brokers followed by the live coordinators (which lead no partitions), at their addresses on the
 * listener the request came in on, the controller, and topics
 * with their partitions' leaders, epochs, replicas and ISR, all from the ZooKeeper cache. An unknown topic the client
 * allows to be created goes to the {@link TopicAutoCreation} (Kafka's rule: the broker creates it only when
 * {@code auto.create.topics.enable} is true); the client then sees LEADER_NOT_AVAILABLE and retries. Usable by a
 * coordinator as well, with {@link TopicAutoCreation#disabled()}.
 */
public final class MetadataHandler implements ApiHandler {

    private final ClusterView cluster;
    private final ClusterMetadata metadata;
    private final TopicAutoCreation autoCreation;

    public MetadataHandler(ClusterView cluster, ClusterMetadata metadata, TopicAutoCreation autoCreation) {
        this.cluster = cluster;
        this.metadata = metadata;
        this.autoCreation = autoCreation;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        MetadataRequestData request = (MetadataRequestData) message;
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId());
        Set<Integer> reachable = new HashSet<>();
        for (ClusterNode node : cluster.nodes(context.listenerName())) {
            response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                    .setNodeId(node.id()).setHost(node.host()).setPort(node.port()).setRack(node.rack()));
            reachable.add(node.id());
        }
        Brokers brokers = new Brokers(cluster.liveBrokerIds(), reachable);
        Map<String, TopicMetadata> topics = metadata.topics();
        if (request.topics() == null) {
            new TreeMap<>(topics).values().forEach(t -> response.topics().add(describe(t, brokers)));
        } else {
            for (MetadataRequestData.MetadataRequestTopic requested : request.topics()) {
                response.topics().add(lookup(requested, topics, brokers, request.allowAutoTopicCreation()));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private MetadataResponseData.MetadataResponseTopic lookup(MetadataRequestData.MetadataRequestTopic requested,
            Map<String, TopicMetadata> topics, Brokers brokers, boolean allowAutoCreate) {
        if (requested.name() == null) {
            Optional<TopicMetadata> byId = topics.values().stream()
                    .filter(t -> Uuid.fromString(t.assignment().topicId()).equals(requested.topicId()))
                    .findFirst();
            return byId.map(t -> describe(t, brokers)).orElseGet(() -> new MetadataResponseData.MetadataResponseTopic()
                    .setName(null).setTopicId(requested.topicId()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
        TopicMetadata topic = topics.get(requested.name());
        if (topic != null) {
            return describe(topic, brokers);
        }
        MetadataResponseData.MetadataResponseTopic missing = new MetadataResponseData.MetadataResponseTopic()
                .setName(requested.name())
                .setTopicId(Uuid.ZERO_UUID);
        if (!allowAutoCreate) {
            return missing.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        return missing.setErrorCode(autoCreation.create(requested.name()).code());
    }

    /**
     * @param live      the live brokers' ids
     * @param reachable the ids of the nodes listed in the response: those with the request's listener
     */
    private record Brokers(Set<Integer> live, Set<Integer> reachable) {
    }

    /**
     * As Kafka does, a partition whose live leader lacks the request's listener has no leader for this client and
     * the error LISTENER_NOT_FOUND: its nodes are configured with different listeners.
     */
    private static MetadataResponseData.MetadataResponseTopic describe(TopicMetadata topic, Brokers brokers) {
        List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
        for (PartitionView view : PartitionView.of(topic, brokers.live())) {
            boolean unreachable = view.leader() >= 0 && !brokers.reachable().contains(view.leader());
            partitions.add(new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(view.index())
                    .setErrorCode(unreachable ? Errors.LISTENER_NOT_FOUND.code() : view.error().code())
                    .setLeaderId(unreachable ? -1 : view.leader())
                    .setLeaderEpoch(view.leaderEpoch())
                    .setReplicaNodes(view.replicas())
                    .setIsrNodes(view.isr())
                    .setOfflineReplicas(view.offlineReplicas()));
        }
        return new MetadataResponseData.MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(Uuid.fromString(topic.assignment().topicId()))
                .setIsInternal(topic.name().startsWith("__"))
                .setPartitions(partitions);
    }
}

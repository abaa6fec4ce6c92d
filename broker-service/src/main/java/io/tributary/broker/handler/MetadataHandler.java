package io.tributary.broker.handler;

import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.admin.ClusterView;
import io.tributary.broker.admin.PartitionView;
import io.tributary.broker.admin.TopicAdministration;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * Metadata: live brokers, the controller, and topics with their partitions' leaders, epochs, replicas and ISR, all
 * from the ZooKeeper cache. An unknown topic is created with the defaults only when both the client allows it and
 * {@code auto.create.topics.enable} is true (Kafka's rule); the client then sees LEADER_NOT_AVAILABLE and retries.
 */
public final class MetadataHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);

    private final ClusterView cluster;
    private final ClusterMetadata metadata;
    private final TopicAdministration admin;
    private final boolean autoCreateTopics;

    public MetadataHandler(ClusterView cluster, ClusterMetadata metadata, TopicAdministration admin, boolean autoCreateTopics) {
        this.cluster = cluster;
        this.metadata = metadata;
        this.admin = admin;
        this.autoCreateTopics = autoCreateTopics;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        MetadataRequestData request = (MetadataRequestData) message;
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId());
        for (BrokerRegistration broker : cluster.liveBrokers()) {
            response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                    .setNodeId(broker.id()).setHost(broker.host()).setPort(broker.port()).setRack(broker.rack()));
        }
        Set<Integer> live = cluster.liveBrokerIds();
        Map<String, TopicMetadata> topics = metadata.topics();
        if (request.topics() == null) {
            new TreeMap<>(topics).values().forEach(t -> response.topics().add(describe(t, live)));
        } else {
            for (MetadataRequestData.MetadataRequestTopic requested : request.topics()) {
                response.topics().add(lookup(requested, topics, live, request.allowAutoTopicCreation()));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private MetadataResponseData.MetadataResponseTopic lookup(MetadataRequestData.MetadataRequestTopic requested,
            Map<String, TopicMetadata> topics, Set<Integer> live, boolean allowAutoCreate) {
        if (requested.name() == null) {
            Optional<TopicMetadata> byId = topics.values().stream()
                    .filter(t -> Uuid.fromString(t.assignment().topicId()).equals(requested.topicId()))
                    .findFirst();
            return byId.map(t -> describe(t, live)).orElseGet(() -> new MetadataResponseData.MetadataResponseTopic()
                    .setName(null).setTopicId(requested.topicId()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
        TopicMetadata topic = topics.get(requested.name());
        if (topic != null) {
            return describe(topic, live);
        }
        MetadataResponseData.MetadataResponseTopic missing = new MetadataResponseData.MetadataResponseTopic()
                .setName(requested.name())
                .setTopicId(Uuid.ZERO_UUID);
        if (!allowAutoCreate || !autoCreateTopics) {
            return missing.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        try {
            admin.create(requested.name(), -1, (short) -1, Map.of(), Map.of(), false);
            log.info("Created topic {} on first use (auto.create.topics.enable=true)", requested.name());
            return missing.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
        } catch (RuntimeException e) {
            Errors error = Errors.forException(e);
            return missing.setErrorCode(error == Errors.TOPIC_ALREADY_EXISTS ? Errors.LEADER_NOT_AVAILABLE.code() : error.code());
        }
    }

    private static MetadataResponseData.MetadataResponseTopic describe(TopicMetadata topic, Set<Integer> live) {
        List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
        for (PartitionView view : PartitionView.of(topic, live)) {
            partitions.add(new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(view.index())
                    .setErrorCode(view.error().code())
                    .setLeaderId(view.leader())
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

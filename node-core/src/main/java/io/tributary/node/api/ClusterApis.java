package io.tributary.node.api;

import java.util.EnumMap;
import java.util.Map;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.producer.ProducerIdManager;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;

/**
 * The APIs that every node listed in Metadata answers from the ZooKeeper metadata alone. Kafka's clients send
 * them to whichever listed node is least loaded (an idempotent producer's InitProducerId, the Admin's
 * DescribeConfigs, …), so brokers and coordinators both serve them; {@link ClusterApiCatalog} lists them.
 */
public final class ClusterApis {

    private ClusterApis() {
    }

    /**
     * @param topicConfigs      the topic-config schema, with this node's defaults, that it reports and validates against
     * @param offsetsPartitions partitions of {@code __consumer_offsets}, for FindCoordinator
     */
    public static Map<ApiKeys, ApiHandler> handlers(int nodeId, ClusterMetadata metadata, ClusterView cluster,
            TopicAdministration admin, TopicAutoCreation autoCreation, TopicConfigSchema topicConfigs,
            ProducerIdManager producerIds, int offsetsPartitions) {
        Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
        handlers.put(ApiKeys.METADATA, new MetadataHandler(cluster, metadata, autoCreation));
        handlers.put(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(cluster));
        handlers.put(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(cluster, metadata));
        handlers.put(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(metadata, offsetsPartitions));
        handlers.put(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds));
        handlers.put(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(admin, topicConfigs));
        handlers.put(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(admin));
        handlers.put(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(admin));
        handlers.put(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(metadata, topicConfigs, nodeId));
        handlers.put(ApiKeys.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(admin, metadata));
        return handlers;
    }
}

package io.tributary.node.api;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.producer.ProducerIdManager;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiRegistry;

/**
 * The APIs that every node listed in Metadata answers from the ZooKeeper metadata alone. Kafka's clients send
 * them to whichever listed node is least loaded (an idempotent producer's InitProducerId, the Admin's
 * DescribeConfigs, …), and a node that does not advertise one fails the client: so brokers and coordinators
 * register the same set.
 */
public final class ClusterApis {

    private ClusterApis() {
    }

    /**
     * @param topicConfigs      the topic-config schema, with this node's defaults, that it reports and validates against
     * @param offsetsPartitions partitions of {@code __consumer_offsets}, for FindCoordinator
     */
    public static ApiRegistry register(ApiRegistry registry, int nodeId, ClusterMetadata metadata, ClusterView cluster,
            TopicAdministration admin, TopicAutoCreation autoCreation, TopicConfigSchema topicConfigs,
            ProducerIdManager producerIds, int offsetsPartitions) {
        return registry
                .register(ApiKeys.METADATA, new MetadataHandler(cluster, metadata, autoCreation))
                .register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(cluster))
                .register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(cluster, metadata))
                .register(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(metadata, offsetsPartitions))
                .register(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds))
                .register(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(admin, topicConfigs))
                .register(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(admin))
                .register(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(admin))
                .register(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(metadata, topicConfigs, nodeId))
                .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(admin, metadata));
    }
}

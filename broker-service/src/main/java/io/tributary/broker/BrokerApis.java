package io.tributary.broker;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.broker.admin.ClusterView;
import io.tributary.broker.admin.TopicAdministration;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.broker.handler.CreatePartitionsHandler;
import io.tributary.broker.handler.CreateTopicsHandler;
import io.tributary.broker.handler.DeleteTopicsHandler;
import io.tributary.broker.handler.DescribeClusterHandler;
import io.tributary.broker.handler.DescribeConfigsHandler;
import io.tributary.broker.handler.DescribeTopicPartitionsHandler;
import io.tributary.broker.handler.FetchHandler;
import io.tributary.broker.handler.FindCoordinatorHandler;
import io.tributary.broker.handler.IncrementalAlterConfigsHandler;
import io.tributary.broker.handler.InitProducerIdHandler;
import io.tributary.broker.handler.ListGroupsHandler;
import io.tributary.broker.handler.ListOffsetsHandler;
import io.tributary.broker.handler.MetadataHandler;
import io.tributary.broker.handler.ProduceHandler;
import io.tributary.broker.handler.TopicAutoCreation;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.broker.partition.ProducerIdManager;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.protocol.ApiRegistry;

/** The broker's dispatch table: every Kafka API it serves, each at every version the 4.x clients may send. */
final class BrokerApis {

    private BrokerApis() {
    }

    static ApiRegistry registry(BrokerConfig config, ClusterMetadata metadata, ClusterView cluster,
            PartitionManager partitions, ProducerIdManager producerIds, ScheduledExecutorService timer) {
        TopicAdministration admin = new TopicAdministration(metadata, partitions, config.numPartitions(),
                config.defaultReplicationFactor());
        return new ApiRegistry()
                .register(ApiKeys.METADATA, new MetadataHandler(cluster, metadata,
                        config.autoCreateTopicsEnable() ? TopicAutoCreation.using(admin) : TopicAutoCreation.disabled()))
                .register(ApiKeys.PRODUCE, new ProduceHandler(partitions))
                .register(ApiKeys.FETCH, new FetchHandler(partitions, timer))
                .register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(partitions))
                .register(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds))
                .register(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(admin, partitions))
                .register(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(admin, partitions))
                .register(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(admin))
                .register(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(metadata, partitions, config.brokerId()))
                .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(admin, metadata))
                .register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(cluster))
                .register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(cluster, metadata))
                .register(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(metadata, config.offsetsTopicNumPartitions()))
                .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler());
    }
}

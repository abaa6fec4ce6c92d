package io.tributary.broker;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.broker.config.BrokerConfig;
import io.tributary.broker.handler.FetchHandler;
import io.tributary.broker.handler.ListGroupsHandler;
import io.tributary.broker.handler.ListOffsetsHandler;
import io.tributary.broker.handler.ProduceHandler;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.api.ClusterApis;
import io.tributary.node.api.TopicAutoCreation;
import io.tributary.node.producer.ProducerIdManager;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiRegistry;

/** The broker's dispatch table: every Kafka API it serves, each at every version the 4.x clients may send. */
final class BrokerApis {

    private BrokerApis() {
    }

    static ApiRegistry registry(BrokerConfig config, TopicConfigSchema topicConfigs, ClusterMetadata metadata,
            ClusterView cluster, PartitionManager partitions, ProducerIdManager producerIds, ScheduledExecutorService timer) {
        TopicAdministration admin = new TopicAdministration(metadata, topicConfigs, config.topics().numPartitions(),
                config.topics().defaultReplicationFactor());
        ApiRegistry registry = new ApiRegistry()
                .register(ApiKeys.PRODUCE, new ProduceHandler(partitions))
                .register(ApiKeys.FETCH, new FetchHandler(partitions, timer))
                .register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(partitions))
                .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler());
        return ClusterApis.register(registry, config.brokerId(), metadata, cluster, admin,
                config.autoCreateTopicsEnable() ? TopicAutoCreation.using(admin) : TopicAutoCreation.disabled(),
                topicConfigs, producerIds, config.topics().offsetsTopicNumPartitions());
    }
}

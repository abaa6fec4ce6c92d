package io.tributary.broker;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.broker.admin.ClusterView;
import io.tributary.broker.admin.TopicAdministration;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.broker.handler.ClusterApis;
import io.tributary.broker.handler.DeleteRecordsHandler;
import io.tributary.broker.handler.FetchHandler;
import io.tributary.broker.handler.ListGroupsHandler;
import io.tributary.broker.handler.ListOffsetsHandler;
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
        TopicAdministration admin = new TopicAdministration(metadata, partitions.brokerDefaults(), config.numPartitions(),
                config.defaultReplicationFactor());
        ApiRegistry registry = new ApiRegistry()
                .register(ApiKeys.PRODUCE, new ProduceHandler(partitions))
                .register(ApiKeys.FETCH, new FetchHandler(partitions, timer))
                .register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(partitions))
                .register(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(partitions))
                .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler());
        return ClusterApis.register(registry, config.brokerId(), metadata, cluster, admin,
                config.autoCreateTopicsEnable() ? TopicAutoCreation.using(admin) : TopicAutoCreation.disabled(),
                partitions.brokerDefaults(), producerIds, config.offsetsTopicNumPartitions());
    }
}

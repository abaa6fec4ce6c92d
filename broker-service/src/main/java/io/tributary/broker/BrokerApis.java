package io.tributary.broker;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.broker.config.BrokerConfig;
import io.tributary.broker.controller.ElectLeadersHandler;
import io.tributary.broker.fencing.OffsetsWriteFence;
import io.tributary.broker.handler.DeleteRecordsHandler;
import io.tributary.broker.handler.DescribeLogDirsHandler;
import io.tributary.broker.handler.FetchHandler;
import io.tributary.broker.handler.ListGroupsHandler;
import io.tributary.broker.handler.ListOffsetsHandler;
import io.tributary.broker.handler.OffsetsForLeaderEpochHandler;
import io.tributary.broker.handler.ProduceHandler;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.controller.PartitionController;
import io.tributary.node.admin.ClusterView;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.api.ClusterApiCatalog;
import io.tributary.node.api.ClusterApis;
import io.tributary.node.api.NodeRole;
import io.tributary.node.api.TopicAutoCreation;
import io.tributary.node.producer.ProducerIdManager;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.ApiRegistry;

/** The broker's dispatch table: the cluster's API catalog, with the broker's own handlers for what it serves. */
final class BrokerApis {

    private BrokerApis() {
    }

    static ApiRegistry registry(BrokerConfig config, TopicConfigSchema topicConfigs, ClusterMetadata metadata,
            ClusterView cluster, LogManager logs, PartitionManager partitions, ProducerIdManager producerIds, ScheduledExecutorService timer,
            PartitionController controller) {
        TopicAdministration admin = new TopicAdministration(metadata, topicConfigs, config.topics().numPartitions(),
                config.topics().defaultReplicationFactor());
        Map<ApiKeys, ApiHandler> handlers = ClusterApis.handlers(config.brokerId(), metadata, cluster, admin,
                config.autoCreateTopicsEnable() ? TopicAutoCreation.using(admin) : TopicAutoCreation.disabled(),
                topicConfigs, producerIds, config.topics().offsetsTopicNumPartitions());
        handlers.put(ApiKeys.PRODUCE, new ProduceHandler(partitions, timer, new OffsetsWriteFence(metadata)));
        handlers.put(ApiKeys.FETCH, new FetchHandler(partitions, timer));
        handlers.put(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(partitions));
        handlers.put(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(partitions));
        handlers.put(ApiKeys.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(logs));
        handlers.put(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetsForLeaderEpochHandler(partitions));
        handlers.put(ApiKeys.LIST_GROUPS, new ListGroupsHandler());
        handlers.put(ApiKeys.ELECT_LEADERS, new ElectLeadersHandler(controller, config.brokerId()));
        return ClusterApiCatalog.registry(NodeRole.BROKER, config.brokerId(), handlers);
    }
}

package io.tributary.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Valid bodies of the cluster and topic administration APIs, as the Admin client and the CLI send them.
 * <p>
 * What a fuzzer may create is bounded here, since a request within Kafka's limits may legitimately ask for up to
 * 10,000 partitions, and a few such topics would turn a fuzz run into a partition-creation benchmark. The seeds
 * that really create name the churn topic with an explicit one-partition replica assignment and a partition count
 * of -1: a flipped bit in that count makes it negative or {@code Integer.MAX_VALUE}, both refused, where a flipped
 * bit in a count of 1 would ask for up to 8,193 partitions. CreatePartitions seeds, whose count cannot be written
 * that way, and the count-based CreateTopics seed only validate. Metadata seeds refuse auto-creation where the
 * version lets them (before v4 a Metadata request always auto-creates; its topics exist).
 */
final class AdminSeeds {

    private static final String RETENTION_MS = "retention.ms";

    private AdminSeeds() {
    }

    static List<ApiMessage> bodies(ApiKeys key, short version, SeedContext ctx) {
        return switch (key) {
            case API_VERSIONS -> List.of(new ApiVersionsRequestData().setClientSoftwareName("tributary-fuzz")
                    .setClientSoftwareVersion("1.0"));
            case METADATA -> metadata(version, ctx);
            case FIND_COORDINATOR -> List.of(findCoordinator(version, ctx));
            case DESCRIBE_CLUSTER -> List.of(new DescribeClusterRequestData());
            case CREATE_TOPICS -> List.of(createTopic(ctx), createTopicByAssignment(ctx));
            case DELETE_TOPICS -> List.of(deleteTopic(version, ctx));
            case CREATE_PARTITIONS -> List.of(createPartitions(ctx));
            case DESCRIBE_CONFIGS -> List.of(describeConfigs(version, ctx));
            case INCREMENTAL_ALTER_CONFIGS -> List.of(alterConfigs(ctx));
            default -> List.of();
        };
    }

    private static List<ApiMessage> metadata(short version, SeedContext ctx) {
        List<MetadataRequestData.MetadataRequestTopic> topics = new ArrayList<>();
        topics.add(new MetadataRequestData.MetadataRequestTopic().setName(ctx.liveTopic()));
        topics.add(new MetadataRequestData.MetadataRequestTopic().setName(ctx.compactTopic()));
        List<ApiMessage> bodies = new ArrayList<>();
        bodies.add(new MetadataRequestData().setTopics(topics).setAllowAutoTopicCreation(false));
        if (version >= 1) {
            bodies.add(new MetadataRequestData().setTopics(null).setAllowAutoTopicCreation(false));
        }
        if (version < 4) {
            // before v4 a request cannot refuse auto-creation; the seed names topics that exist
            bodies.replaceAll(body -> ((MetadataRequestData) body).setAllowAutoTopicCreation(true));
        }
        return bodies;
    }

    private static FindCoordinatorRequestData findCoordinator(short version, SeedContext ctx) {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData().setKeyType((byte) 0);
        if (version >= 4) {
            return request.setCoordinatorKeys(List.of(ctx.group()));
        }
        return request.setKey(ctx.group());
    }

    private static CreateTopicsRequestData createTopic(SeedContext ctx) {
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName(ctx.churnTopic()).setNumPartitions(1)
                .setReplicationFactor((short) 1).setConfigs(retentionOneDay()));
        return new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000).setValidateOnly(true);
    }

    private static CreateTopicsRequestData createTopicByAssignment(SeedContext ctx) {
        CreateTopicsRequestData.CreatableReplicaAssignmentCollection assignments =
                new CreateTopicsRequestData.CreatableReplicaAssignmentCollection();
        assignments.add(new CreateTopicsRequestData.CreatableReplicaAssignment().setPartitionIndex(0)
                .setBrokerIds(List.of(ctx.nodeId())));
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName(ctx.churnTopic()).setNumPartitions(-1)
                .setReplicationFactor((short) -1).setAssignments(assignments).setConfigs(retentionOneDay()));
        return new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000).setValidateOnly(false);
    }

    private static CreateTopicsRequestData.CreatableTopicConfigCollection retentionOneDay() {
        CreateTopicsRequestData.CreatableTopicConfigCollection configs =
                new CreateTopicsRequestData.CreatableTopicConfigCollection();
        configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName(RETENTION_MS).setValue("86400000"));
        return configs;
    }

    private static DeleteTopicsRequestData deleteTopic(short version, SeedContext ctx) {
        if (version >= 6) {
            return new DeleteTopicsRequestData().setTimeoutMs(5000)
                    .setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState().setName(ctx.churnTopic())));
        }
        return new DeleteTopicsRequestData().setTimeoutMs(5000).setTopicNames(List.of(ctx.churnTopic()));
    }

    private static CreatePartitionsRequestData createPartitions(SeedContext ctx) {
        CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
        topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(ctx.churnTopic()).setCount(2)
                .setAssignments(null));
        return new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(5000).setValidateOnly(true);
    }

    private static DescribeConfigsRequestData describeConfigs(short version, SeedContext ctx) {
        List<DescribeConfigsRequestData.DescribeConfigsResource> resources = List.of(
                new DescribeConfigsRequestData.DescribeConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(ctx.liveTopic())
                        .setConfigurationKeys(null),
                new DescribeConfigsRequestData.DescribeConfigsResource()
                        .setResourceType(ConfigResource.Type.BROKER.id())
                        .setResourceName(Integer.toString(ctx.nodeId()))
                        .setConfigurationKeys(List.of("log.retention.hours", "num.partitions")));
        return new DescribeConfigsRequestData().setResources(resources).setIncludeSynonyms(true)
                .setIncludeDocumentation(version >= 3);
    }

    private static IncrementalAlterConfigsRequestData alterConfigs(SeedContext ctx) {
        IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
        // 7 days: any single flipped digit still leaves hours of retention, so the topic's records stay
        configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName(RETENTION_MS)
                .setConfigOperation((byte) 0).setValue("604800000"));
        IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
        resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(ctx.liveTopic())
                .setConfigs(configs));
        return new IncrementalAlterConfigsRequestData().setResources(resources).setValidateOnly(false);
    }
}

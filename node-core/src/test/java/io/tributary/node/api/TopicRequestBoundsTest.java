package io.tributary.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.TopicRules;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.node.admin.TopicAdministration;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * Everything CreateTopics, CreatePartitions and IncrementalAlterConfigs carry is bounded before anything is built or
 * written: the handlers against a real ZooKeeper, with Kafka's error codes and messages.
 */
class TopicRequestBoundsTest {

    private static final String EXCESSIVE = "Excessively large number of partitions per request.";

    private TestingServer zookeeper;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private ApiHandler createTopics;
    private ApiHandler createPartitions;
    private ApiHandler alterConfigs;

    @BeforeEach
    void oneBroker() throws Exception {
        zookeeper = new TestingServer(true);
        client = ZooKeeperConnection.connect(zookeeper.getConnectString(), Duration.ofSeconds(6), Duration.ofSeconds(1));
        metadata = new ClusterMetadata(client);
        metadata.start();
        metadata.registerBroker(new BrokerRegistration(1, "localhost", 9092, null, 0));
        TopicAdministration admin = new TopicAdministration(metadata, TopicConfigSchema.KAFKA, 1, (short) 1);
        createTopics = new CreateTopicsHandler(admin, TopicConfigSchema.KAFKA);
        createPartitions = new CreatePartitionsHandler(admin);
        alterConfigs = new IncrementalAlterConfigsHandler(admin, metadata);
    }

    @AfterEach
    void close() throws Exception {
        metadata.close();
        client.close();
        zookeeper.close();
    }

    @Test
    void moreThanTenThousandPartitionsInAllRefuseTheWholeRequestWithKafkasMessage() {
        CreateTopicsResponseData absurd = createTopics(false, topic("absurd", 1_000_000_000));
        CreateTopicsResponseData summed = createTopics(false, topic("a", 5_000), topic("b", 5_000), topic("c", 1));
        CreateTopicsRequestData.CreatableTopic[] byDefault = new CreatableTopic[TopicRules.MAX_PARTITIONS_PER_REQUEST + 1];
        for (int i = 0; i < byDefault.length; i++) {
            byDefault[i] = topic("default-" + i, -1);
        }
        CreateTopicsResponseData defaults = createTopics(false, byDefault);

        for (CreateTopicsResponseData response : List.of(absurd, summed, defaults)) {
            assertThat(response.topics()).allSatisfy(result -> {
                assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
                assertThat(result.errorMessage()).isEqualTo(EXCESSIVE);
            });
        }
        assertThat(summed.topics()).extracting(CreatableTopicResult::name).containsExactly("a", "b", "c");
        assertThat(metadata.topics()).isEmpty();

        CreateTopicsResponseData atTheBound = createTopics(true, topic("w", 2_500), topic("x", 2_500),
                topic("y", 2_500), topic("z", 2_500));
        assertThat(atTheBound.topics()).allSatisfy(result ->
                assertThat(Errors.forCode(result.errorCode())).as(result.errorMessage()).isEqualTo(Errors.NONE));
    }

    @Test
    void growingTopicsByMoreThanTenThousandPartitionsInAllIsRefusedForEveryTopic() {
        createTopics(false, topic("small", 1), topic("other", 1));

        CreatePartitionsResponseData oneTopic = createPartitions(grow("small", 10_002));
        CreatePartitionsResponseData summed = createPartitions(grow("small", 5_001), grow("other", 5_002));
        CreatePartitionsResponseData unknown = createPartitions(grow("unknown", 1_000_000_000));

        for (CreatePartitionsResponseData response : List.of(oneTopic, summed)) {
            assertThat(response.results()).allSatisfy(result -> {
                assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
                assertThat(result.errorMessage()).isEqualTo(EXCESSIVE);
            });
        }
        assertThat(Errors.forCode(unknown.results().get(0).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(metadata.topic("small").orElseThrow().assignment().partitionCount()).isEqualTo(1);
        assertThat(metadata.topic("other").orElseThrow().assignment().partitionCount()).isEqualTo(1);
    }

    @Test
    void manualAssignmentsAreCheckedBeforeAnythingIsBuilt() {
        CreatableTopic twice = manual("twice", List.of(1), List.of(1));
        twice.assignments().forEach(a -> a.setPartitionIndex(0));
        CreatableTopic unknownBroker = manual("unknown-broker", List.of(7));
        CreatableTopic sameBrokerTwice = manual("same-broker-twice", List.of(1, 1));
        CreatableTopic gap = manual("gap", List.of(1), List.of(1));
        gap.assignments().forEach(a -> a.setPartitionIndex(a.partitionIndex() * 5));

        CreateTopicsResponseData response = createTopics(false, twice, unknownBroker, sameBrokerTwice, gap);

        assertThat(response.topics()).allSatisfy(result -> assertThat(Errors.forCode(result.errorCode()))
                .as(result.name()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT));
        assertThat(response.topics().find("twice").errorMessage())
                .isEqualTo("Found multiple manual partition assignments for partition 0");
        assertThat(metadata.topics()).isEmpty();

        CreatableTopicResult valid = createTopics(false, manual("manual", List.of(1), List.of(1))).topics().find("manual");
        assertThat(Errors.forCode(valid.errorCode())).as(valid.errorMessage()).isEqualTo(Errors.NONE);
        assertThat(metadata.topic("manual").orElseThrow().assignment().replicas())
                .isEqualTo(Map.of(0, List.of(1), 1, List.of(1)));
    }

    @Test
    void configEntriesAreCountedAndTheirLengthsBoundedBeforeTheyAreParsed() {
        CreatableTopic tooMany = topic("too-many", 1);
        for (int i = 0; i <= TopicConfigSchema.MAX_ENTRIES; i++) {
            tooMany.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue(Integer.toString(i)));
        }
        String longValue = "9".repeat(30_000);
        CreatableTopic longConfig = topic("long-value", 1);
        longConfig.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue(longValue));
        CreatableTopic longName = topic("long-name", 1);
        longName.configs().add(new CreatableTopicConfig().setName("x".repeat(1_000)).setValue("1"));

        CreateTopicsResponseData response = createTopics(false, tooMany, longConfig, longName);

        assertThat(response.topics()).allSatisfy(result -> {
            assertThat(Errors.forCode(result.errorCode())).as(result.name()).isEqualTo(Errors.INVALID_CONFIG);
            assertThat(result.errorMessage()).hasSizeLessThan(200);
        });
        assertThat(response.topics().find("long-value").errorMessage())
                .isEqualTo("The value of retention.ms is 30000 characters long; at most 4096 are accepted");
        assertThat(metadata.topics()).isEmpty();

        createTopics(false, topic("configured", 1));
        IncrementalAlterConfigsResponseData altered = alterConfigs("configured", "retention.ms", longValue);
        assertThat(Errors.forCode(altered.responses().get(0).errorCode())).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(metadata.topic("configured").orElseThrow().assignment().configs()).isEmpty();
    }

    @Test
    void aTopicTooLargeForOneZooKeeperRequestIsAPolicyViolationNamingItsSize() {
        CreateTopicsResponseData response = createTopics(false, topic("wide", 9_000));

        CreatableTopicResult result = response.topics().find("wide");
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
        assertThat(result.errorMessage()).startsWith("Creating topic wide would send ZooKeeper a request of ")
                .contains("jute.maxbuffer");
        assertThat(metadata.topics()).isEmpty();
        assertThat(Errors.forCode(createTopics(false, topic("narrow", 3)).topics().find("narrow").errorCode()))
                .isEqualTo(Errors.NONE);
    }

    @Test
    void withZooKeeperGoneTheRequestIsAnsweredWithARetriableErrorAndServedOnceItIsBack() throws Exception {
        zookeeper.stop();

        CreateTopicsResponseData whileDown = createTopics(false, topic("later", 1));

        assertThat(Errors.forCode(whileDown.topics().find("later").errorCode())).isEqualTo(Errors.REQUEST_TIMED_OUT);
        zookeeper.restart();
        CreateTopicsResponseData onceBack = createTopics(false, topic("later", 1));
        assertThat(Errors.forCode(onceBack.topics().find("later").errorCode())).isEqualTo(Errors.NONE);
    }

    private CreateTopicsResponseData createTopics(boolean validateOnly, CreatableTopic... topics) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setValidateOnly(validateOnly).setTimeoutMs(30_000);
        for (CreatableTopic topic : topics) {
            request.topics().add(topic);
        }
        return (CreateTopicsResponseData) call(createTopics, ApiKeys.CREATE_TOPICS, request);
    }

    private CreatePartitionsResponseData createPartitions(CreatePartitionsRequestData.CreatePartitionsTopic... topics) {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(30_000);
        for (CreatePartitionsRequestData.CreatePartitionsTopic topic : topics) {
            request.topics().add(topic);
        }
        return (CreatePartitionsResponseData) call(createPartitions, ApiKeys.CREATE_PARTITIONS, request);
    }

    private IncrementalAlterConfigsResponseData alterConfigs(String topic, String name, String value) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(DescribeConfigsHandler.TOPIC).setResourceName(topic);
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName(name).setValue(value)
                .setConfigOperation((byte) 0));
        request.resources().add(resource);
        return (IncrementalAlterConfigsResponseData) call(alterConfigs, ApiKeys.INCREMENTAL_ALTER_CONFIGS, request);
    }

    private static ApiMessage call(ApiHandler handler, ApiKeys key, ApiMessage request) {
        RequestContext context = new RequestContext(new RequestHeader(key, key.latestVersion(), "test", 1),
                InetSocketAddress.createUnresolved("test", 1), "test-connection");
        return handler.handle(context, request).join();
    }

    private static CreatableTopic topic(String name, int partitions) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions).setReplicationFactor((short) 1);
    }

    @SafeVarargs
    private static CreatableTopic manual(String name, List<Integer>... replicas) {
        CreatableTopic topic = new CreatableTopic().setName(name).setNumPartitions(-1).setReplicationFactor((short) -1);
        for (int p = 0; p < replicas.length; p++) {
            topic.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(p).setBrokerIds(replicas[p]));
        }
        return topic;
    }

    private static CreatePartitionsRequestData.CreatePartitionsTopic grow(String name, int count) {
        return new CreatePartitionsRequestData.CreatePartitionsTopic().setName(name).setCount(count).setAssignments(null);
    }
}

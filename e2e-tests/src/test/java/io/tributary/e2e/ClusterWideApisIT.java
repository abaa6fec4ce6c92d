package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * Every node speaks for the whole cluster, checked with raw frames against the standalone jar's broker and
 * coordinator: both answer ApiVersions byte for byte alike (one catalog, so a client may take its bootstrap node's
 * versions for every node), and each answers an API that only the other serves with the error Kafka uses to send a
 * client elsewhere: NOT_COORDINATOR for the group and offset APIs on the broker, NOT_LEADER_OR_FOLLOWER on every
 * partition of Produce, Fetch and ListOffsets on the coordinator; never UNSUPPORTED_VERSION, never silence.
 */
class ClusterWideApisIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "cluster-wide";
    private static final String GROUP = "misrouted-group";
    private static final Set<ApiKeys> GROUP_APIS = Set.of(ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT,
            ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.OFFSET_DELETE,
            ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS, ApiKeys.CONSUMER_GROUP_DESCRIBE);

    @TempDir
    static Path dataDir;

    private static TributaryProcess tributary;
    private static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        tributary = TributaryProcess.startStandalone(dataDir);
        // the standalone is ready once its broker answers; its coordinator starts right after
        Waiting.atMost(Duration.ofSeconds(60), () -> "the coordinator on port " + tributary.coordinatorPort()
                + " does not answer:\n" + tributary.logTail(40))
                .failFast(tributary.aliveCheck())
                .until(ClusterWideApisIT::coordinatorAnswers);
        createTopic(tributary.bootstrap(), TOPIC, 2, Map.of());
        try (Admin admin = ClientSupport.admin(tributary.bootstrap())) {
            topicId = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC).topicId();
        }
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void theBrokerAndTheCoordinatorAnswerApiVersionsByteForByteAlike() {
        for (short version = ApiKeys.API_VERSIONS.oldestVersion(); version <= ApiKeys.API_VERSIONS.latestVersion(); version++) {
            ByteBuffer broker = apiVersionsFrame(tributary.kafkaPort(), version);
            ByteBuffer coordinator = apiVersionsFrame(tributary.coordinatorPort(), version);
            assertThat(coordinator).as("ApiVersions v%d of the coordinator and of the broker", version).isEqualTo(broker);
        }
        try (RawKafkaConnection broker = open(tributary.kafkaPort())) {
            ApiVersionsResponseData versions = broker.apiVersions();
            for (ApiKeys key : List.of(ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA,
                    ApiKeys.FIND_COORDINATOR, ApiKeys.INIT_PRODUCER_ID, ApiKeys.LIST_GROUPS, ApiKeys.JOIN_GROUP,
                    ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH)) {
                assertThat(versions.apiKeys().find(key.id)).as("%s advertised", key).isNotNull();
            }
            assertThat(versions.apiKeys().find(ApiKeys.OFFSET_COMMIT.id).maxVersion()).isEqualTo((short) 9);
            assertThat(versions.apiKeys().find(ApiKeys.OFFSET_FETCH.id).maxVersion()).isEqualTo((short) 9);
        }
    }

    @Test
    void everyGroupAndOffsetApiSentToTheBrokerAnswersNotCoordinator() {
        try (RawKafkaConnection broker = open(tributary.kafkaPort())) {
            Map<ApiKeys, Map<Errors, Integer>> answers = new TreeMap<>();
            for (ApiKeys key : GROUP_APIS) {
                answers.put(key, call(broker, key, groupRequest(key)).errorCounts());
            }
            answers.forEach((key, errors) -> assertThat(errors).as("%s on the broker", key)
                    .containsOnlyKeys(Errors.NOT_COORDINATOR));

            OffsetCommitResponseData commit = (OffsetCommitResponseData) call(broker, ApiKeys.OFFSET_COMMIT,
                    groupRequest(ApiKeys.OFFSET_COMMIT)).data();
            assertThat(commit.topics()).singleElement().satisfies(topic -> assertThat(topic.partitions())
                    .extracting(p -> Errors.forCode(p.errorCode()))
                    .as("OffsetCommit carries the error on each partition")
                    .containsExactly(Errors.NOT_COORDINATOR, Errors.NOT_COORDINATOR));
            assertThat(broker.apiVersions().errorCode()).as("the broker still answers on that connection").isZero();
        }
    }

    @Test
    void listGroupsOnTheBrokerListsNoGroup() {
        try (RawKafkaConnection broker = open(tributary.kafkaPort())) {
            ListGroupsResponseData groups = (ListGroupsResponseData) call(broker, ApiKeys.LIST_GROUPS,
                    new ListGroupsRequestData()).data();
            assertThat(Errors.forCode(groups.errorCode())).isEqualTo(Errors.NONE);
            assertThat(groups.groups()).isEmpty();
        }
    }

    @Test
    void produceSentToTheCoordinatorAnswersNotLeaderOrFollowerOnEveryPartition() {
        try (RawKafkaConnection coordinator = open(tributary.coordinatorPort())) {
            ProduceResponseData response = (ProduceResponseData) call(coordinator, ApiKeys.PRODUCE,
                    produceRequest((short) -1)).data();
            assertThat(response.responses()).singleElement().satisfies(topic -> {
                assertThat(topic.name().isEmpty() ? topic.topicId() : topic.name())
                        .isEqualTo(topic.name().isEmpty() ? topicId : TOPIC);
                assertThat(topic.partitionResponses()).extracting(p -> p.index(), p -> Errors.forCode(p.errorCode()))
                        .containsExactly(tuple(0, Errors.NOT_LEADER_OR_FOLLOWER),
                                tuple(1, Errors.NOT_LEADER_OR_FOLLOWER));
            });
        }
    }

    @Test
    void anAcksZeroProduceSentToTheCoordinatorClosesTheConnectionAsKafkaDoes() {
        try (RawKafkaConnection coordinator = open(tributary.coordinatorPort())) {
            short version = version(coordinator, ApiKeys.PRODUCE);
            RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, version, "e2e-rerouting",
                    coordinator.nextCorrelationId());
            coordinator.sendRaw(RawKafkaConnection.frame(header.data(), header.headerVersion(), produceRequest((short) 0),
                    version));
            assertThat(coordinator.closedByPeerWithoutAnswer()).as("connection closed, nothing sent").isTrue();
        }
        try (RawKafkaConnection coordinator = open(tributary.coordinatorPort())) {
            assertThat(coordinator.apiVersions().errorCode()).as("the coordinator still answers").isZero();
        }
    }

    @Test
    void fetchSentToTheCoordinatorAnswersNotLeaderOrFollowerOnEveryPartition() {
        try (RawKafkaConnection coordinator = open(tributary.coordinatorPort())) {
            FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(TOPIC).setTopicId(topicId);
            for (int partition = 0; partition < 2; partition++) {
                topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(0)
                        .setPartitionMaxBytes(1024 * 1024));
            }
            FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                    .setMaxBytes(1024 * 1024).setSessionId(0).setSessionEpoch(-1).setTopics(List.of(topic));
            FetchResponseData response = (FetchResponseData) call(coordinator, ApiKeys.FETCH, request).data();
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
            assertThat(response.responses()).singleElement().satisfies(answer -> {
                assertThat(answer.topic().isEmpty() ? answer.topicId() : answer.topic())
                        .isEqualTo(answer.topic().isEmpty() ? topicId : TOPIC);
                assertThat(answer.partitions()).extracting(p -> p.partitionIndex(), p -> Errors.forCode(p.errorCode()))
                        .containsExactly(tuple(0, Errors.NOT_LEADER_OR_FOLLOWER),
                                tuple(1, Errors.NOT_LEADER_OR_FOLLOWER));
            });
        }
    }

    @Test
    void listOffsetsSentToTheCoordinatorAnswersNotLeaderOrFollowerOnEveryPartition() {
        try (RawKafkaConnection coordinator = open(tributary.coordinatorPort())) {
            ListOffsetsRequestData.ListOffsetsTopic topic = new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC);
            for (int partition = 0; partition < 2; partition++) {
                topic.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(partition)
                        .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP));
            }
            ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(topic));
            ListOffsetsResponseData response = (ListOffsetsResponseData) call(coordinator, ApiKeys.LIST_OFFSETS,
                    request).data();
            assertThat(response.topics()).singleElement().satisfies(answer -> assertThat(answer.partitions())
                    .extracting(p -> p.partitionIndex(), p -> Errors.forCode(p.errorCode()))
                    .containsExactly(tuple(0, Errors.NOT_LEADER_OR_FOLLOWER),
                            tuple(1, Errors.NOT_LEADER_OR_FOLLOWER)));
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private static boolean coordinatorAnswers() {
        try (RawKafkaConnection coordinator = open(tributary.coordinatorPort())) {
            return coordinator.apiVersions().errorCode() == Errors.NONE.code();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static RawKafkaConnection open(int port) {
        return RawKafkaConnection.open("127.0.0.1", port, READ_TIMEOUT);
    }

    /** The whole ApiVersions answer frame, after a request with the same correlation id on a fresh connection. */
    private static ByteBuffer apiVersionsFrame(int port, short version) {
        try (RawKafkaConnection connection = open(port)) {
            RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, version, "e2e-rerouting", 7);
            ApiVersionsRequestData body = new ApiVersionsRequestData().setClientSoftwareName("e2e")
                    .setClientSoftwareVersion("1.0");
            connection.sendRaw(RawKafkaConnection.frame(header.data(), header.headerVersion(), body, version));
            return connection.readFrame().orElseThrow(() -> new AssertionError("port " + port + " closed"));
        }
    }

    /** Sends {@code body} at the highest version both the node and this kafka-clients jar know. */
    private static AbstractResponse call(RawKafkaConnection connection, ApiKeys key, ApiMessage body) {
        short version = version(connection, key);
        RequestHeader header = new RequestHeader(key, version, "e2e-rerouting", connection.nextCorrelationId());
        connection.sendRaw(RawKafkaConnection.frame(header.data(), header.headerVersion(), body, version));
        AbstractResponse response = connection.receive(header);
        assertThat(response.errorCounts()).as("%s v%d answer", key, version)
                .doesNotContainKey(Errors.UNSUPPORTED_VERSION);
        return response;
    }

    private static short version(RawKafkaConnection connection, ApiKeys key) {
        ApiVersionsResponseData.ApiVersion advertised = connection.apiVersions().apiKeys().find(key.id);
        assertThat(advertised).as("%s advertised on port %d", key, connection.port()).isNotNull();
        return (short) Math.min(advertised.maxVersion(), key.latestVersion(false));
    }

    private static ApiMessage groupRequest(ApiKeys key) {
        return switch (key) {
            case JOIN_GROUP -> new JoinGroupRequestData().setGroupId(GROUP).setMemberId("").setSessionTimeoutMs(30_000)
                    .setRebalanceTimeoutMs(30_000).setProtocolType("consumer")
                    .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(
                            new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                                    .setMetadata(new byte[0])).iterator()));
            case SYNC_GROUP -> new SyncGroupRequestData().setGroupId(GROUP).setMemberId("m").setGenerationId(1)
                    .setProtocolType("consumer").setProtocolName("range");
            case HEARTBEAT -> new HeartbeatRequestData().setGroupId(GROUP).setMemberId("m").setGenerationId(1);
            case LEAVE_GROUP -> new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                    new LeaveGroupRequestData.MemberIdentity().setMemberId("m")));
            case OFFSET_COMMIT -> new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(-1)
                    .setMemberId("").setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                            .setName(TOPIC).setPartitions(List.of(
                                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                                            .setCommittedOffset(1),
                                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(1)
                                            .setCommittedOffset(1)))));
            case OFFSET_FETCH -> new OffsetFetchRequestData().setGroups(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(GROUP).setTopics(List.of(
                            new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(TOPIC)
                                    .setPartitionIndexes(List.of(0, 1))))));
            case OFFSET_DELETE -> new OffsetDeleteRequestData().setGroupId(GROUP)
                    .setTopics(new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection(List.of(
                            new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(TOPIC).setPartitions(
                                    List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                            .setPartitionIndex(0)))).iterator()));
            case DESCRIBE_GROUPS -> new DescribeGroupsRequestData().setGroups(List.of(GROUP, "another-group"));
            case DELETE_GROUPS -> new DeleteGroupsRequestData().setGroupsNames(List.of(GROUP, "another-group"));
            case CONSUMER_GROUP_DESCRIBE -> new ConsumerGroupDescribeRequestData().setGroupIds(List.of(GROUP));
            default -> throw new IllegalArgumentException(key.name);
        };
    }

    private static ProduceRequestData produceRequest(short acks) {
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(TOPIC)
                .setTopicId(topicId);
        for (int partition = 0; partition < 2; partition++) {
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                    .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(System.currentTimeMillis(),
                            "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)))));
        }
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(topic);
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000).setTopicData(topics);
    }
}

package io.tributary.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.ApiRegistry;
import io.tributary.protocol.ApiRegistry.Registration;
import io.tributary.protocol.RequestContext;

class ClusterApiCatalogTest {

    private static final ApiHandler OWN = (context, request) -> CompletableFuture.completedFuture(null);

    private static Map<ApiKeys, ApiHandler> own(NodeRole role) {
        Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
        ClusterApiCatalog.servedBy(role).forEach(key -> handlers.put(key, OWN));
        return handlers;
    }

    private static final ApiRegistry BROKER = ClusterApiCatalog.registry(NodeRole.BROKER, 1, own(NodeRole.BROKER));
    private static final ApiRegistry COORDINATOR = ClusterApiCatalog.registry(NodeRole.COORDINATOR, 1000,
            own(NodeRole.COORDINATOR));

    @Test
    void everyRoleAdvertisesTheSameKeysAtTheSameVersions() {
        assertThat(ranges(COORDINATOR)).isEqualTo(ranges(BROKER));
        assertThat(BROKER.registrations()).containsKeys(ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS,
                ApiKeys.DELETE_RECORDS, ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP,
                ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.OFFSET_DELETE, ApiKeys.DESCRIBE_GROUPS,
                ApiKeys.DELETE_GROUPS, ApiKeys.CONSUMER_GROUP_DESCRIBE, ApiKeys.LIST_GROUPS, ApiKeys.METADATA,
                ApiKeys.FIND_COORDINATOR, ApiKeys.INIT_PRODUCER_ID);
        assertThat(BROKER.registration(ApiKeys.OFFSET_COMMIT).orElseThrow().maxVersion()).isEqualTo((short) 9);
        assertThat(BROKER.registration(ApiKeys.OFFSET_FETCH).orElseThrow().maxVersion()).isEqualTo((short) 9);
    }

    @Test
    void eachRoleServesItsOwnAndListGroupsIsServedByBoth() {
        assertThat(ClusterApiCatalog.servedBy(NodeRole.BROKER)).contains(ApiKeys.PRODUCE, ApiKeys.LIST_GROUPS, ApiKeys.METADATA)
                .doesNotContain(ApiKeys.JOIN_GROUP, ApiKeys.OFFSET_COMMIT);
        assertThat(ClusterApiCatalog.servedBy(NodeRole.COORDINATOR)).contains(ApiKeys.JOIN_GROUP, ApiKeys.LIST_GROUPS,
                ApiKeys.METADATA).doesNotContain(ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);
        assertThat(BROKER.registration(ApiKeys.LIST_GROUPS).orElseThrow().handler()).isSameAs(OWN);
        assertThat(COORDINATOR.registration(ApiKeys.LIST_GROUPS).orElseThrow().handler()).isSameAs(OWN);
    }

    @Test
    void aRoleMustSupplyExactlyItsOwnHandlers() {
        Map<ApiKeys, ApiHandler> missing = own(NodeRole.BROKER);
        missing.remove(ApiKeys.FETCH);
        assertThatThrownBy(() -> ClusterApiCatalog.registry(NodeRole.BROKER, 1, missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing [Fetch]");
        Map<ApiKeys, ApiHandler> extra = own(NodeRole.BROKER);
        extra.put(ApiKeys.JOIN_GROUP, OWN);
        assertThatThrownBy(() -> ClusterApiCatalog.registry(NodeRole.BROKER, 1, extra))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not its own [JoinGroup]");
    }

    @Test
    void groupApisOnABrokerFailWithNotCoordinator() {
        for (ApiKeys key : ClusterApiCatalog.servedBy(NodeRole.COORDINATOR)) {
            if (ClusterApiCatalog.servedBy(NodeRole.BROKER).contains(key)) {
                continue;
            }
            CompletableFuture<ApiMessage> answer = BROKER.registration(key).orElseThrow().handler()
                    .handle(context(key, (short) 4), new HeartbeatRequestData());
            assertThatThrownBy(answer::join).as("%s on a broker", key).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(NotCoordinatorException.class);
        }
    }

    @Test
    void produceOnACoordinatorAnswersNotLeaderOrFollowerOnEveryPartitionAtEveryVersion() {
        Uuid topicId = Uuid.randomUuid();
        for (short version = ApiKeys.PRODUCE.oldestVersion(); version <= ApiKeys.PRODUCE.latestVersion(false); version++) {
            ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("t").setTopicId(topicId);
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0));
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(3));
            ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
            topics.add(topic);
            ProduceResponseData response = (ProduceResponseData) answer(COORDINATOR, ApiKeys.PRODUCE, version,
                    new ProduceRequestData().setAcks((short) -1).setTopicData(topics));
            assertThat(response.responses()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("t");
                assertThat(t.topicId()).isEqualTo(topicId);
                assertThat(t.partitionResponses()).extracting(p -> p.index(), p -> Errors.forCode(p.errorCode()))
                        .containsExactly(tuple(0, Errors.NOT_LEADER_OR_FOLLOWER), tuple(3, Errors.NOT_LEADER_OR_FOLLOWER));
            });
        }
    }

    @Test
    void anAcksZeroProduceOnACoordinatorFailsSoThatTheConnectionCloses() {
        CompletableFuture<ApiMessage> answer = COORDINATOR.registration(ApiKeys.PRODUCE).orElseThrow().handler()
                .handle(context(ApiKeys.PRODUCE, (short) 12), new ProduceRequestData().setAcks((short) 0));
        assertThatThrownBy(answer::join).hasCauseInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void fetchListOffsetsAndDeleteRecordsOnACoordinatorAnswerNotLeaderOrFollowerOnEveryPartitionAtEveryVersion() {
        Uuid topicId = Uuid.randomUuid();
        for (short version = ApiKeys.FETCH.oldestVersion(); version <= ApiKeys.FETCH.latestVersion(false); version++) {
            FetchRequestData request = new FetchRequestData().setTopics(List.of(new FetchRequestData.FetchTopic()
                    .setTopic("t").setTopicId(topicId).setPartitions(List.of(
                            new FetchRequestData.FetchPartition().setPartition(0),
                            new FetchRequestData.FetchPartition().setPartition(1)))));
            FetchResponseData response = (FetchResponseData) answer(COORDINATOR, ApiKeys.FETCH, version, request);
            assertThat(response.errorCode()).isZero();
            assertThat(response.responses()).singleElement().satisfies(t -> assertThat(t.partitions())
                    .extracting(p -> p.partitionIndex(), p -> Errors.forCode(p.errorCode()))
                    .containsExactly(tuple(0, Errors.NOT_LEADER_OR_FOLLOWER), tuple(1, Errors.NOT_LEADER_OR_FOLLOWER)));
        }
        for (short version = ApiKeys.LIST_OFFSETS.oldestVersion(); version <= ApiKeys.LIST_OFFSETS.latestVersion(false); version++) {
            ListOffsetsRequestData request = new ListOffsetsRequestData().setTopics(List.of(
                    new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(2)))));
            ListOffsetsResponseData response = (ListOffsetsResponseData) answer(COORDINATOR, ApiKeys.LIST_OFFSETS,
                    version, request);
            assertThat(response.topics()).singleElement().satisfies(t -> assertThat(t.partitions())
                    .extracting(p -> p.partitionIndex(), p -> Errors.forCode(p.errorCode()))
                    .containsExactly(tuple(2, Errors.NOT_LEADER_OR_FOLLOWER)));
        }
        for (short version = ApiKeys.DELETE_RECORDS.oldestVersion(); version <= ApiKeys.DELETE_RECORDS.latestVersion(false); version++) {
            DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTopics(List.of(
                    new DeleteRecordsRequestData.DeleteRecordsTopic().setName("t").setPartitions(List.of(
                            new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(1).setOffset(5)))));
            DeleteRecordsResponseData response = (DeleteRecordsResponseData) answer(COORDINATOR,
                    ApiKeys.DELETE_RECORDS, version, request);
            assertThat(response.topics()).singleElement().satisfies(t -> assertThat(t.partitions())
                    .extracting(p -> p.partitionIndex(), p -> Errors.forCode(p.errorCode()))
                    .containsExactly(tuple(1, Errors.NOT_LEADER_OR_FOLLOWER)));
        }
        for (short version = ApiKeys.OFFSET_FOR_LEADER_EPOCH.oldestVersion();
                version <= ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion(false); version++) {
            OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData();
            OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic =
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t");
            topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(3)
                    .setLeaderEpoch(4));
            request.topics().add(topic);
            OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) answer(COORDINATOR,
                    ApiKeys.OFFSET_FOR_LEADER_EPOCH, version, request);
            assertThat(response.topics()).singleElement().satisfies(t -> assertThat(t.partitions())
                    .extracting(p -> p.partition(), p -> Errors.forCode(p.errorCode()), p -> p.endOffset())
                    .containsExactly(tuple(3, Errors.NOT_LEADER_OR_FOLLOWER, -1L)));
        }
    }

    @Test
    void describeLogDirsIsABrokerApiAndACoordinatorAnswersOneEmptyLogDirectoryAtEveryVersion() {
        assertThat(ClusterApiCatalog.servedBy(NodeRole.BROKER)).contains(ApiKeys.DESCRIBE_LOG_DIRS);
        assertThat(ClusterApiCatalog.servedBy(NodeRole.COORDINATOR)).doesNotContain(ApiKeys.DESCRIBE_LOG_DIRS);
        for (short version = ApiKeys.DESCRIBE_LOG_DIRS.oldestVersion();
                version <= ApiKeys.DESCRIBE_LOG_DIRS.latestVersion(false); version++) {
            DescribeLogDirsResponseData response = (DescribeLogDirsResponseData) answer(COORDINATOR,
                    ApiKeys.DESCRIBE_LOG_DIRS, version, new DescribeLogDirsRequestData().setTopics(null));
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
            assertThat(response.results()).singleElement().satisfies(dir -> {
                assertThat(Errors.forCode(dir.errorCode())).isEqualTo(Errors.NONE);
                assertThat(dir.logDir()).isEmpty();
                assertThat(dir.topics()).isEmpty();
            });
        }
    }

    /** The handler's answer, which must also encode at the version asked. */
    private static ApiMessage answer(ApiRegistry registry, ApiKeys key, short version, ApiMessage request) {
        ApiMessage response = registry.registration(key).orElseThrow().handler().handle(context(key, version), request).join();
        MessageUtil.toVersionPrefixedBytes(version, response);
        return response;
    }

    private static RequestContext context(ApiKeys key, short version) {
        return new RequestContext(new RequestHeader(key, version, "test", 1), new InetSocketAddress("127.0.0.1", 50000),
                "c-1");
    }

    private static Map<ApiKeys, List<Short>> ranges(ApiRegistry registry) {
        Map<ApiKeys, List<Short>> ranges = new EnumMap<>(ApiKeys.class);
        Map<ApiKeys, Registration> registrations = registry.registrations();
        registrations.forEach((key, r) -> ranges.put(key, List.of(r.minVersion(), r.maxVersion())));
        return ranges;
    }
}

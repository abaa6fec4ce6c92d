package io.tributary.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tributary.coordinator.log.CoordinatorRecord;

// a parked future that never completes must fail the test, not hang the build
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupCoordinatorOffsetsAndAdminTest extends GroupTestSupport {

    @BeforeEach
    void setUp() {
        start(GroupConfig.defaults());
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup fetch(String groupId, String topic, int... partitions) {
        List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics = topic == null ? null : List.of(
                new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(topic)
                        .setPartitionIndexes(java.util.Arrays.stream(partitions).boxed().toList()));
        return coordinator.fetchOffsets(groupId, topics, true);
    }

    /** One consumer member subscribed to "orders", Stable at generation 1. */
    private String stableConsumer() {
        byte[] subscription = ByteBuffer.wrap(new byte[0]).array();
        ByteBuffer buffer = ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(List.of("orders")));
        subscription = new byte[buffer.remaining()];
        buffer.get(subscription);
        JoinGroupRequestData request = joinRequest("", "i1", "consumer");
        request.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(subscription));
        CompletableFuture<JoinGroupResponseData> joined = coordinator.joinGroup(request, (short) 9, "client", "/10.0.0.1");
        advance(3_000);
        String id = joined.join().memberId();
        SyncGroupResponseData synced = sync(id, 1, Map.of(id, "assignment")).join();
        assertThat(error(synced)).isEqualTo(Errors.NONE);
        return id;
    }

    @Test
    void adminCommitCreatesAnEmptyGroupAndOffsetsCanBeFetched() {
        assertThat(commit(GROUP, -1, "", "orders", 0, 42, (short) 9)).isEqualTo(Errors.NONE);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.EMPTY);
        OffsetFetchResponseData.OffsetFetchResponseGroup fetched = fetch(GROUP, "orders", 0, 1);
        assertThat(fetched.errorCode()).isZero();
        var partitions = fetched.topics().get(0).partitions();
        assertThat(partitions.get(0).committedOffset()).isEqualTo(42);
        assertThat(partitions.get(0).committedLeaderEpoch()).isEqualTo(3);
        assertThat(partitions.get(0).metadata()).isEqualTo("m");
        assertThat(partitions.get(1).committedOffset()).isEqualTo(-1);
        // every committed partition when topics is null; an unknown group has nothing, and no error
        assertThat(fetch(GROUP, null).topics()).singleElement().satisfies(t -> assertThat(t.partitions()).hasSize(1));
        OffsetFetchResponseData.OffsetFetchResponseGroup unknown = fetch("nobody", "orders", 0);
        assertThat(unknown.errorCode()).isZero();
        assertThat(unknown.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
    }

    @Test
    void commitValidation() {
        String member = stableConsumer();
        assertThat(commit(GROUP, 1, member, "orders", 0, 5, (short) 9)).isEqualTo(Errors.NONE);
        assertThat(commit(GROUP, 0, member, "orders", 0, 5, (short) 9)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commit(GROUP, 1, "stranger", "orders", 0, 5, (short) 9)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit(GROUP, -1, "", "orders", 0, 5, (short) 9)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit(GROUP, 1, member, "missing-topic", 0, 5, (short) 9)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(commit("no-such-group", 3, "m", "orders", 0, 5, (short) 9)).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(commit("no-such-group", 3, "m", "orders", 0, 5, (short) 8)).isEqualTo(Errors.ILLEGAL_GENERATION);

        OffsetCommitRequestData fenced = new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(1)
                .setMemberId("old").setGroupInstanceId("i1");
        fenced.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1))));
        assertThat(coordinator.commitOffsets(fenced, (short) 9).join().topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.FENCED_INSTANCE_ID.code());

        OffsetCommitRequestData tooLarge = new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(1)
                .setMemberId(member);
        tooLarge.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(9)
                        .setCommittedMetadata("x".repeat(4097)),
                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(9))));
        var results = coordinator.commitOffsets(tooLarge, (short) 9).join().topics().get(0).partitions();
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE.code());
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetch(GROUP, "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(5);
    }

    @Test
    void commitDuringCompletingRebalanceIsRefused() {
        CompletableFuture<JoinGroupResponseData> joined = dynamicJoin();
        advance(3_000);
        JoinGroupResponseData answer = joined.join();
        assertThat(commit(GROUP, 1, answer.memberId(), "orders", 0, 1, (short) 9)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void commitIsAnsweredOnlyOnceWritten() {
        log.hold();
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(-1);
        request.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(7))));
        var pending = coordinator.commitOffsets(request, (short) 9);
        assertThat(pending).isNotDone();
        assertThat(fetch(GROUP, "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
        log.release();
        assertThat(pending.join().topics().get(0).partitions().get(0).errorCode()).isZero();
        assertThat(fetch(GROUP, "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(7);
    }

    @Test
    void failedCommitWriteIsReportedAndNotApplied() {
        log.failNext(() -> new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"));
        assertThat(commit(GROUP, -1, "", "orders", 0, 3, (short) 9)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(fetch(GROUP, "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
    }

    @Test
    void offsetsAndGroupsSurviveUnloadAndLoad() {
        String member = stableConsumer();
        commit(GROUP, 1, member, "orders", 0, 100, (short) 9);
        commit(GROUP, 1, member, "orders", 0, 101, (short) 9);
        commit("other", -1, "", "orders", 2, 7, (short) 9);
        List<CoordinatorRecord> replay = log.records(0);

        coordinator.unloaded(0);
        assertThat(fetch(GROUP, "orders", 0).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
        coordinator.loading(0);
        assertThat(fetch(GROUP, "orders", 0).errorCode()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
        coordinator.loaded(0, replay);

        assertThat(fetch(GROUP, "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(101);
        assertThat(fetch("other", "orders", 2).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(7);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
        assertThat(coordinator.groupState("other")).contains(GroupState.EMPTY);
        // the restored member is still the member of generation 1
        assertThat(heartbeat(member, "i1", 1)).isEqualTo(Errors.NONE);
        assertThat(commit(GROUP, 1, member, "orders", 0, 102, (short) 9)).isEqualTo(Errors.NONE);
    }

    @Test
    void listAndDescribeGroups() {
        String member = stableConsumer();
        commit("empty-group", -1, "", "orders", 0, 1, (short) 9);

        ListGroupsResponseData all = coordinator.listGroups(List.of(), List.of());
        assertThat(all.groups()).extracting(ListGroupsResponseData.ListedGroup::groupId).containsExactlyInAnyOrder(GROUP, "empty-group");
        assertThat(all.groups()).allSatisfy(g -> assertThat(g.groupType()).isEqualTo("classic"));
        assertThat(coordinator.listGroups(List.of("stable"), List.of()).groups()).singleElement()
                .satisfies(g -> {
                    assertThat(g.groupId()).isEqualTo(GROUP);
                    assertThat(g.protocolType()).isEqualTo("consumer");
                    assertThat(g.groupState()).isEqualTo("Stable");
                });
        assertThat(coordinator.listGroups(List.of(), List.of("Consumer", "Classic")).groups()).hasSize(2);
        assertThat(coordinator.listGroups(List.of(), List.of("consumer")).groups()).isEmpty();

        List<DescribeGroupsResponseData.DescribedGroup> described =
                coordinator.describeGroups(List.of(GROUP, "empty-group", "unknown"), (short) 6);
        DescribeGroupsResponseData.DescribedGroup stable = described.get(0);
        assertThat(stable.groupState()).isEqualTo("Stable");
        assertThat(stable.protocolData()).isEqualTo("range");
        assertThat(stable.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(member);
            assertThat(m.clientId()).isEqualTo("client");
            assertThat(m.clientHost()).isEqualTo("/10.0.0.1");
            assertThat(m.groupInstanceId()).isEqualTo("i1");
            assertThat(new String(m.memberAssignment())).isEqualTo("assignment");
            assertThat(m.memberMetadata()).isNotEmpty();
        });
        assertThat(described.get(1).groupState()).isEqualTo("Empty");
        assertThat(described.get(2).groupState()).isEqualTo("Dead");
        assertThat(described.get(2).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(coordinator.describeGroups(List.of("unknown"), (short) 5).get(0).errorCode()).isZero();

        List<ConsumerGroupDescribeResponseData.DescribedGroup> consumer = coordinator.describeConsumerGroups(List.of(GROUP));
        assertThat(consumer.get(0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(consumer.get(0).errorMessage()).isEqualTo("Group g is not a consumer group.");
    }

    @Test
    void deleteGroups() {
        stableConsumer();
        commit("empty-group", -1, "", "orders", 0, 1, (short) 9);
        List<DeleteGroupsResponseData.DeletableGroupResult> results =
                coordinator.deleteGroups(List.of(GROUP, "empty-group", "unknown")).join();
        assertThat(results).extracting(DeleteGroupsResponseData.DeletableGroupResult::errorCode).containsExactly(
                Errors.NON_EMPTY_GROUP.code(), Errors.NONE.code(), Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(coordinator.groupState("empty-group")).isEmpty();
        assertThat(fetch("empty-group", "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
        List<CoordinatorRecord> records = log.records(0);
        assertThat(records).contains(new CoordinatorRecord.OffsetTombstone("empty-group", "orders", 0),
                new CoordinatorRecord.GroupTombstone("empty-group"));

        // and a reload agrees
        coordinator.unloaded(0);
        coordinator.loading(0);
        coordinator.loaded(0, records);
        assertThat(coordinator.groupState("empty-group")).isEmpty();
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
    }

    @Test
    void aGroupEmptyForTheRetentionPeriodExpiresWithItsOffsets() {
        long retention = GroupConfig.defaults().offsetsRetention().toMillis();
        commit("idle", -1, "", "orders", 0, 7, (short) 9);
        commit("busy", -1, "", "orders", 0, 8, (short) 9);
        advance(retention - 1_000);
        // an assign() consumer that keeps committing keeps its group
        commit("busy", -1, "", "orders", 1, 9, (short) 9);
        assertThat(coordinator.expireOffsets()).isZero();

        advance(2_000);
        assertThat(coordinator.expireOffsets()).isEqualTo(1);
        assertThat(coordinator.groupState("idle")).isEmpty();
        assertThat(fetch("idle", "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
        assertThat(log.records(0)).contains(new CoordinatorRecord.OffsetTombstone("idle", "orders", 0),
                new CoordinatorRecord.GroupTombstone("idle"));
        assertThat(coordinator.groupState("busy")).contains(GroupState.EMPTY);
        assertThat(fetch("busy", "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(8);
    }

    @Test
    void offsetDelete() {
        String member = stableConsumer();
        commit(GROUP, 1, member, "orders", 0, 5, (short) 9);
        commit(GROUP, 1, member, "payments", 0, 6, (short) 9);
        OffsetDeleteRequestData request = new OffsetDeleteRequestData().setGroupId(GROUP);
        request.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("orders")
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
        request.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("payments")
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
        OffsetDeleteResponseData response = coordinator.deleteOffsets(request).join();
        assertThat(response.errorCode()).isZero();
        assertThat(response.topics().find("orders").partitions().find(0).errorCode()).isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code());
        assertThat(response.topics().find("payments").partitions().find(0).errorCode()).isZero();
        assertThat(fetch(GROUP, "payments", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
        assertThat(fetch(GROUP, "orders", 0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(5);
        assertThat(log.records(0)).contains(new CoordinatorRecord.OffsetTombstone(GROUP, "payments", 0));

        assertThat(coordinator.deleteOffsets(new OffsetDeleteRequestData().setGroupId("unknown")).join().errorCode())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void notCoordinatorAndLoadInProgress() {
        log = new InMemoryCoordinatorLog(2);
        coordinator = new GroupCoordinator(GroupConfig.defaults(), log, topics, clock, scheduler);
        int partition = log.partitionFor(GROUP);
        assertThat(error(join("", null).join())).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(heartbeat("m", null, 1)).isEqualTo(Errors.NOT_COORDINATOR);
        coordinator.loading(partition);
        assertThat(error(join("", null).join())).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(heartbeat("m", null, 1)).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(commit(GROUP, -1, "", "orders", 0, 1, (short) 9)).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        // the classic consumer cannot retry SyncGroup on 14: it rejoins on 27 instead
        assertThat(error(sync("m", 1, Map.of()).join())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(coordinator.listGroups(List.of(), List.of()).errorCode()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
        coordinator.loaded(partition, List.of());
        assertThat(error(join("", null).join())).isEqualTo(Errors.MEMBER_ID_REQUIRED);

        // a parked join is answered NOT_COORDINATOR when the partition goes away
        CompletableFuture<JoinGroupResponseData> parked = dynamicJoin();
        coordinator.unloaded(partition);
        assertThat(error(parked.join())).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.describeGroups(List.of(GROUP), (short) 6).get(0).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
    }
}

package io.tributary.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/** A coordinator on a manual clock and scheduler with an in-memory log, and request builders. */
abstract class GroupTestSupport {

    static final String GROUP = "g";
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 60_000;

    final ManualClock clock = new ManualClock(1_000_000L);
    final ManualScheduler scheduler = new ManualScheduler(clock);
    InMemoryCoordinatorLog log = new InMemoryCoordinatorLog(1);
    TopicExistence topics = tp -> !tp.topic().startsWith("missing");
    GroupCoordinator coordinator;

    GroupCoordinator start(GroupConfig config) {
        coordinator = new GroupCoordinator(config, log, tp -> topics.exists(tp), clock, scheduler);
        for (int p = 0; p < log.partitionCount(); p++) {
            coordinator.loading(p);
            coordinator.loaded(p, List.of());
        }
        return coordinator;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JoinGroupRequestData joinRequest(String memberId, String instanceId, String protocolType, String... protocols) {
        JoinGroupRequestData request = new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocolType(protocolType);
        for (String p : protocols) {
            request.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName(p).setMetadata(bytes(p + "-meta")));
        }
        return request;
    }

    CompletableFuture<JoinGroupResponseData> join(String memberId, String instanceId, String... protocols) {
        return coordinator.joinGroup(joinRequest(memberId, instanceId, "consumer", protocols.length == 0 ? new String[]{"range"} : protocols),
                (short) 9, "client", "/127.0.0.1");
    }

    /** The v4+ dance: MEMBER_ID_REQUIRED, then the (parked) join with the assigned id. */
    CompletableFuture<JoinGroupResponseData> dynamicJoin() {
        JoinGroupResponseData first = join("", null).join();
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        return join(first.memberId(), null);
    }

    CompletableFuture<SyncGroupResponseData> sync(String memberId, int generation, Map<String, String> assignments) {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation).setProtocolType("consumer").setProtocolName("range");
        assignments.forEach((m, a) -> request.assignments().add(
                new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(m).setAssignment(bytes(a))));
        return coordinator.syncGroup(request);
    }

    Errors heartbeat(String memberId, String instanceId, int generation) {
        return Errors.forCode(coordinator.heartbeat(new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setGenerationId(generation)).errorCode());
    }

    Errors commit(String groupId, int generation, String memberId, String topic, int partition, long offset, short version) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(groupId)
                .setGenerationIdOrMemberEpoch(generation).setMemberId(memberId);
        request.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(partition)
                        .setCommittedOffset(offset).setCommittedLeaderEpoch(3).setCommittedMetadata("m"))));
        OffsetCommitResponseData response = coordinator.commitOffsets(request, version).join();
        return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }

    /** Moves time in steps of the initial delay until every future is done (each new joiner extends the delay). */
    @SafeVarargs
    final void awaitJoin(CompletableFuture<JoinGroupResponseData>... joins) {
        for (int i = 0; i < 25 && !java.util.Arrays.stream(joins).allMatch(CompletableFuture::isDone); i++) {
            advance(3_000);
        }
        assertThat(joins).allMatch(CompletableFuture::isDone);
    }

    void advance(long millis) {
        scheduler.advance(Duration.ofMillis(millis));
    }

    static Errors error(JoinGroupResponseData r) {
        return Errors.forCode(r.errorCode());
    }

    static Errors error(SyncGroupResponseData r) {
        return Errors.forCode(r.errorCode());
    }

    static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}

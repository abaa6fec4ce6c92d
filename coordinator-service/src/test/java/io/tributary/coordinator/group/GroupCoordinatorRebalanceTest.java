package io.tributary.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tributary.coordinator.log.CoordinatorRecord;

// a parked future that never completes must fail the test, not hang the build
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupCoordinatorRebalanceTest extends GroupTestSupport {

    @BeforeEach
    void setUp() {
        start(GroupConfig.defaults());
    }

    /** Three members through join and sync; returns their join answers (stable afterwards). */
    private List<JoinGroupResponseData> stableGroupOfThree() {
        List<CompletableFuture<JoinGroupResponseData>> joins = List.of(dynamicJoin(), dynamicJoin(), dynamicJoin());
        assertThat(joins).noneMatch(CompletableFuture::isDone);
        awaitJoin(joins.toArray(CompletableFuture[]::new));
        List<JoinGroupResponseData> answers = joins.stream().map(CompletableFuture::join).toList();
        String leader = answers.get(0).leader();
        Map<String, String> assignments = Map.of(
                answers.get(0).memberId(), "p0", answers.get(1).memberId(), "p1", answers.get(2).memberId(), "p2");
        List<CompletableFuture<SyncGroupResponseData>> syncs = answers.stream()
                .map(a -> sync(a.memberId(), a.generationId(), a.memberId().equals(leader) ? assignments : Map.of()))
                .toList();
        syncs.forEach(s -> assertThat(error(s.join())).isEqualTo(Errors.NONE));
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
        return answers;
    }

    @Test
    void memberIdRequiredThenJoin() {
        JoinGroupResponseData first = join("", null).join();
        assertThat(error(first)).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith("client-").hasSizeGreaterThan("client-".length() + 30);

        CompletableFuture<JoinGroupResponseData> second = join(first.memberId(), null);
        assertThat(second).isNotDone();
        advance(3_000);
        JoinGroupResponseData joined = second.join();
        assertThat(error(joined)).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(first.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.members()).hasSize(1);
    }

    @Test
    void pendingMemberExpiresAfterItsSessionTimeout() {
        JoinGroupResponseData first = join("", null).join();
        advance(SESSION_MS);
        assertThat(error(join(first.memberId(), null).join())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void threeMembersOneGenerationEachGetsItsOwnAssignment() {
        List<CompletableFuture<JoinGroupResponseData>> joins = List.of(dynamicJoin(), dynamicJoin(), dynamicJoin());
        advance(3_000);
        assertThat(joins).noneMatch(CompletableFuture::isDone); // two more joined during the first 3 s
        advance(3_000);
        List<JoinGroupResponseData> answers = joins.stream().map(CompletableFuture::join).toList();
        assertThat(answers).allSatisfy(a -> {
            assertThat(error(a)).isEqualTo(Errors.NONE);
            assertThat(a.generationId()).isEqualTo(1);
        });
        String leader = answers.get(0).leader();
        assertThat(answers).extracting(JoinGroupResponseData::leader).containsOnly(leader);
        for (JoinGroupResponseData a : answers) {
            if (a.memberId().equals(leader)) {
                assertThat(a.members()).hasSize(3).allSatisfy(m -> assertThat(m.metadata()).isEqualTo(bytes("range-meta")));
            } else {
                assertThat(a.members()).isEmpty();
            }
        }
        Map<String, String> assignments = Map.of(
                answers.get(0).memberId(), "p0", answers.get(1).memberId(), "p1", answers.get(2).memberId(), "p2");
        // followers first: parked until the leader's assignment is stored
        List<CompletableFuture<SyncGroupResponseData>> followerSyncs = answers.stream()
                .filter(a -> !a.memberId().equals(leader)).map(a -> sync(a.memberId(), 1, Map.of())).toList();
        assertThat(followerSyncs).noneMatch(CompletableFuture::isDone);
        SyncGroupResponseData leaderSync = sync(leader, 1, assignments).join();
        assertThat(new String(leaderSync.assignment())).isEqualTo(assignments.get(leader));
        Set<String> seen = new HashSet<>();
        seen.add(new String(leaderSync.assignment()));
        for (int i = 0, f = 0; i < answers.size(); i++) {
            if (answers.get(i).memberId().equals(leader)) {
                continue;
            }
            SyncGroupResponseData r = followerSyncs.get(f++).join();
            assertThat(error(r)).isEqualTo(Errors.NONE);
            assertThat(r.protocolName()).isEqualTo("range");
            assertThat(new String(r.assignment())).isEqualTo(assignments.get(answers.get(i).memberId()));
            assertThat(seen.add(new String(r.assignment()))).as("nobody gets another's assignment").isTrue();
        }
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
        assertThat(log.records(0)).filteredOn(r -> r instanceof CoordinatorRecord.GroupMetadata).singleElement()
                .satisfies(r -> assertThat(((CoordinatorRecord.GroupMetadata) r).members()).hasSize(3));
    }

    @Test
    void leaveTriggersRebalanceAndTheOthersRejoinWithTheNextGeneration() {
        List<JoinGroupResponseData> members = stableGroupOfThree();
        LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(members.get(2).memberId()),
                new LeaveGroupRequestData.MemberIdentity().setMemberId("nobody")));
        LeaveGroupResponseData left = coordinator.leaveGroup(leave, (short) 5);
        assertThat(left.members()).extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.PREPARING_REBALANCE);
        assertThat(heartbeat(members.get(0).memberId(), null, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        CompletableFuture<JoinGroupResponseData> a = join(members.get(0).memberId(), null);
        assertThat(a).isNotDone();
        CompletableFuture<JoinGroupResponseData> b = join(members.get(1).memberId(), null);
        assertThat(a.join().generationId()).isEqualTo(2);
        assertThat(b.join().generationId()).isEqualTo(2);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.COMPLETING_REBALANCE);
    }

    /**
     * Admin's removeMembersFromConsumerGroup with no members named (the admin API's forced offset reset): it describes
     * the group and sends every dynamic member's id in one LeaveGroup v3+ batch, then commits from outside the group.
     */
    @Test
    void everyDynamicMemberLeavingInOneBatchEmptiesTheGroupForAnOutsideCommit() {
        List<JoinGroupResponseData> members = stableGroupOfThree();
        assertThat(commit(GROUP, -1, "", "orders", 0, 5, (short) 9)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

        LeaveGroupResponseData left = coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP)
                .setMembers(members.stream().map(m -> new LeaveGroupRequestData.MemberIdentity()
                        .setMemberId(m.memberId()).setReason("offset reset through the admin API")).toList()),
                (short) 5);

        assertThat(left.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(left.members()).extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.NONE.code(), Errors.NONE.code());
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.EMPTY);
        assertThat(commit(GROUP, -1, "", "orders", 0, 5, (short) 9)).isEqualTo(Errors.NONE);
        assertThat(heartbeat(members.get(0).memberId(), null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        List<JoinGroupResponseData> members = stableGroupOfThree();
        CompletableFuture<JoinGroupResponseData> rejoin = join(members.get(1).memberId(), null, "range", "roundrobin");
        assertThat(rejoin).isNotDone();
        for (int t = 0; t < REBALANCE_MS; t += 5_000) {
            heartbeat(members.get(0).memberId(), null, 1); // alive, but never rejoins
            advance(5_000);
        }
        JoinGroupResponseData answer = rejoin.join();
        assertThat(answer.generationId()).isEqualTo(2);
        assertThat(answer.leader()).isEqualTo(members.get(1).memberId());
        assertThat(answer.members()).hasSize(1);
    }

    @Test
    void sessionExpiryRemovesTheMemberAndRebalances() {
        List<JoinGroupResponseData> members = stableGroupOfThree();
        for (int t = 0; t < SESSION_MS; t += 3_000) {
            heartbeat(members.get(0).memberId(), null, 1);
            heartbeat(members.get(1).memberId(), null, 1);
            advance(3_000);
        }
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.PREPARING_REBALANCE);
        assertThat(heartbeat(members.get(2).memberId(), null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        CompletableFuture<JoinGroupResponseData> a = join(members.get(0).memberId(), null);
        JoinGroupResponseData b = join(members.get(1).memberId(), null).join();
        assertThat(a.join().generationId()).isEqualTo(2);
        assertThat(b.generationId()).isEqualTo(2);
    }

    @Test
    void membersThatDoNotSyncWithinTheRebalanceTimeoutAreRemoved() {
        CompletableFuture<JoinGroupResponseData> a = dynamicJoin();
        CompletableFuture<JoinGroupResponseData> b = dynamicJoin();
        awaitJoin(a, b);
        String leader = a.join().leader();
        String follower = a.join().memberId().equals(leader) ? b.join().memberId() : a.join().memberId();
        assertThat(error(sync(leader, 1, Map.of(leader, "x", follower, "y")).join())).isEqualTo(Errors.NONE);
        heartbeat(follower, null, 1);
        for (int t = 0; t <= REBALANCE_MS; t += 5_000) {
            heartbeat(leader, null, 1);
            heartbeat(follower, null, 1);
            advance(5_000);
        }
        assertThat(heartbeat(follower, null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.PREPARING_REBALANCE);
    }

    @Test
    void initialRebalanceDelayIsExtendedByNewJoiners() {
        CompletableFuture<JoinGroupResponseData> first = dynamicJoin();
        advance(2_000);
        CompletableFuture<JoinGroupResponseData> second = dynamicJoin();
        advance(1_000); // the first 3 s are over, but a member joined meanwhile
        assertThat(first).isNotDone();
        advance(2_999);
        assertThat(first).isNotDone();
        advance(1);
        assertThat(first.join().generationId()).isEqualTo(1);
        assertThat(second.join().generationId()).isEqualTo(1);
        assertThat(first.join().leader()).isEqualTo(first.join().memberId());
    }

    @Test
    void staticMemberRejoinsWithoutRebalanceAndTheOldIdIsFenced() {
        CompletableFuture<JoinGroupResponseData> a = join("", "instance-a");
        CompletableFuture<JoinGroupResponseData> b = join("", "instance-b");
        awaitJoin(a, b);
        String leader = a.join().memberId();
        String oldB = b.join().memberId();
        assertThat(a.join().leader()).isEqualTo(leader);
        sync(oldB, 1, Map.of());
        sync(leader, 1, Map.of(leader, "pa", oldB, "pb")).join();
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);

        // b restarts: unknown member id, known instance id
        JoinGroupResponseData rejoined = join("", "instance-b").join();
        assertThat(error(rejoined)).isEqualTo(Errors.NONE);
        assertThat(rejoined.memberId()).isNotEqualTo(oldB);
        assertThat(rejoined.generationId()).isEqualTo(1);
        assertThat(rejoined.skipAssignment()).isFalse();
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
        SyncGroupResponseData assignment = sync(rejoined.memberId(), 1, Map.of()).join();
        assertThat(new String(assignment.assignment())).isEqualTo("pb");

        assertThat(heartbeat(oldB, "instance-b", 1)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(error(sync(oldB, 1, Map.of()).join())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat(rejoined.memberId(), "instance-b", 1)).isEqualTo(Errors.NONE);

        // the static leader restarting gets skipAssignment and the members' metadata (v9)
        JoinGroupResponseData leaderBack = join("", "instance-a").join();
        assertThat(leaderBack.skipAssignment()).isTrue();
        assertThat(leaderBack.leader()).isEqualTo(leaderBack.memberId());
        assertThat(leaderBack.members()).hasSize(2);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
    }

    @Test
    void inconsistentGroupProtocol() {
        CompletableFuture<JoinGroupResponseData> first = dynamicJoin();
        advance(3_000);
        assertThat(error(first.join())).isEqualTo(Errors.NONE);
        JoinGroupResponseData otherType = coordinator.joinGroup(joinRequest("", null, "connect", "range"),
                (short) 9, "client", "/h").join();
        assertThat(error(otherType)).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(error(join("", null, "roundrobin").join())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        JoinGroupResponseData noProtocol = coordinator.joinGroup(joinRequest("", null, "consumer"), (short) 9, "c", "/h").join();
        assertThat(error(noProtocol)).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void protocolIsChosenByVotesAmongProtocolsEveryoneSupports() {
        CompletableFuture<JoinGroupResponseData> a = join("", "a", "roundrobin", "range");
        CompletableFuture<JoinGroupResponseData> b = join("", "b", "range", "roundrobin", "sticky");
        CompletableFuture<JoinGroupResponseData> c = join("", "c", "range", "roundrobin");
        awaitJoin(a, b, c);
        assertThat(a.join().protocolName()).isEqualTo("range");
        assertThat(b.join().protocolName()).isEqualTo("range");
        assertThat(c.join().generationId()).isEqualTo(1);
    }

    @Test
    void sessionTimeoutOutsideTheBoundsIsRefused() {
        JoinGroupRequestData tooShort = joinRequest("", null, "consumer", "range").setSessionTimeoutMs(5_999);
        JoinGroupRequestData tooLong = joinRequest("", null, "consumer", "range").setSessionTimeoutMs(1_800_001);
        assertThat(error(coordinator.joinGroup(tooShort, (short) 9, "c", "/h").join())).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(error(coordinator.joinGroup(tooLong, (short) 9, "c", "/h").join())).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(coordinator.groupState(GROUP)).isEmpty();
    }

    @Test
    void groupMaxSize() {
        start(GroupConfig.defaults().withMaxSize(2));
        dynamicJoin();
        dynamicJoin();
        assertThat(error(join("", null).join())).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void groupMetadataIsWrittenBeforeAnySyncIsAnswered() {
        CompletableFuture<JoinGroupResponseData> a = dynamicJoin();
        CompletableFuture<JoinGroupResponseData> b = dynamicJoin();
        awaitJoin(a, b);
        String leader = a.join().leader();
        String follower = a.join().memberId().equals(leader) ? b.join().memberId() : a.join().memberId();
        log.hold();
        CompletableFuture<SyncGroupResponseData> followerSync = sync(follower, 1, Map.of());
        CompletableFuture<SyncGroupResponseData> leaderSync = sync(leader, 1, Map.of(leader, "x", follower, "y"));
        assertThat(followerSync).isNotDone();
        assertThat(leaderSync).isNotDone();
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.COMPLETING_REBALANCE);
        log.release();
        assertThat(new String(followerSync.join().assignment())).isEqualTo("y");
        assertThat(new String(leaderSync.join().assignment())).isEqualTo("x");
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
    }

    @Test
    void failedAssignmentWriteAnswersEveryoneAndRebalances() {
        CompletableFuture<JoinGroupResponseData> a = dynamicJoin();
        advance(3_000);
        String leader = a.join().memberId();
        log.failNext(() -> new org.apache.kafka.common.errors.NotEnoughReplicasException("isr"));
        assertThat(error(sync(leader, 1, Map.of(leader, "x")).join())).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.PREPARING_REBALANCE);
    }

    @Test
    void syncErrors() {
        CompletableFuture<JoinGroupResponseData> a = dynamicJoin();
        assertThat(error(sync(a.isDone() ? "x" : "unknown", 0, Map.of()).join())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        advance(3_000);
        String leader = a.join().memberId();
        assertThat(error(sync(leader, 7, Map.of()).join())).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(error(coordinator.syncGroup(new org.apache.kafka.common.message.SyncGroupRequestData()
                .setGroupId(GROUP).setMemberId(leader).setGenerationId(1).setProtocolType("consumer")
                .setProtocolName("roundrobin")).join())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        CompletableFuture<JoinGroupResponseData> b = dynamicJoin(); // back to PreparingRebalance
        assertThat(error(sync(leader, 1, Map.of()).join())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(b).isNotDone();
    }

    @Test
    void heartbeatErrors() {
        assertThat(heartbeat("x", null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        CompletableFuture<JoinGroupResponseData> a = dynamicJoin();
        advance(3_000);
        String id = a.join().memberId();
        assertThat(heartbeat(id, null, 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(heartbeat(id, null, 1)).isEqualTo(Errors.NONE); // CompletingRebalance, as Kafka
    }

    @Test
    void leaveByGroupInstanceIdAndVersionZeroLayout() {
        CompletableFuture<JoinGroupResponseData> a = join("", "static-a");
        advance(3_000);
        String id = a.join().memberId();
        LeaveGroupResponseData fenced = coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId("other").setGroupInstanceId("static-a"))), (short) 5);
        assertThat(fenced.members().get(0).errorCode()).isEqualTo(Errors.FENCED_INSTANCE_ID.code());
        LeaveGroupResponseData byInstance = coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId("").setGroupInstanceId("static-a"))), (short) 5);
        assertThat(byInstance.members().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.EMPTY);
        LeaveGroupResponseData v0 = coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP).setMemberId(id), (short) 0);
        assertThat(v0.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(v0.members()).isEmpty();
    }

    @Test
    void restoredStableMembersMustHeartbeatWithinAFreshSession() {
        List<JoinGroupResponseData> members = stableGroupOfThree();
        List<CoordinatorRecord> records = log.records(0);
        coordinator.unloaded(0);
        coordinator.loading(0);
        coordinator.loaded(0, records);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.STABLE);
        scheduler.advance(Duration.ofMillis(SESSION_MS / 2));
        assertThat(heartbeat(members.get(0).memberId(), null, 1)).isEqualTo(Errors.NONE);
        assertThat(heartbeat(members.get(1).memberId(), null, 1)).isEqualTo(Errors.NONE);
        scheduler.advance(Duration.ofMillis(SESSION_MS / 2));
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.PREPARING_REBALANCE);
        assertThat(heartbeat(members.get(2).memberId(), null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }
}

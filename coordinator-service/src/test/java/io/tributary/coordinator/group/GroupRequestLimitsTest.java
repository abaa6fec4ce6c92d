package io.tributary.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What one JoinGroup or SyncGroup may make the coordinator keep: refused before a member or group is touched. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupRequestLimitsTest extends GroupTestSupport {

    @BeforeEach
    void setUp() {
        start(GroupConfig.defaults());
    }

    @Test
    void groupIdsLongerThanTheBoundAreInvalidForEveryGroupApi() {
        String tooLong = "g".repeat(GroupRequestLimits.MAX_GROUP_ID_LENGTH + 1);

        assertThat(error(joinAs(joinRequest("", null, "consumer", "range").setGroupId(tooLong))))
                .isEqualTo(Errors.INVALID_GROUP_ID);
        assertThat(error(coordinator.syncGroup(new SyncGroupRequestData().setGroupId(tooLong).setMemberId("m")).join()))
                .isEqualTo(Errors.INVALID_GROUP_ID);
        assertThat(commit(tooLong, -1, "", "t", 0, 1, (short) 9)).isEqualTo(Errors.INVALID_GROUP_ID);
        assertThat(coordinator.groupState(tooLong)).isEmpty();

        String longest = "g".repeat(GroupRequestLimits.MAX_GROUP_ID_LENGTH);
        assertThat(error(joinAs(joinRequest("", null, "consumer", "range").setGroupId(longest))))
                .isEqualTo(Errors.MEMBER_ID_REQUIRED);
    }

    @Test
    void memberMetadataAndProtocolsBeyondTheBoundsAreInvalidRequestsAndNoMemberIsAdded() {
        JoinGroupRequestData bulky = joinRequest("", "instance-1", "consumer");
        bulky.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(new byte[GroupRequestLimits.MAX_MEMBER_METADATA_BYTES / 2 + 1]));
        bulky.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("sticky")
                .setMetadata(new byte[GroupRequestLimits.MAX_MEMBER_METADATA_BYTES / 2 + 1]));
        JoinGroupRequestData manyProtocols = joinRequest("", null, "consumer");
        for (int i = 0; i <= GroupRequestLimits.MAX_PROTOCOLS; i++) {
            manyProtocols.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("p" + i));
        }
        String longName = "n".repeat(GroupRequestLimits.MAX_PROTOCOL_NAME_LENGTH + 1);

        assertThat(error(joinAs(bulky))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(joinAs(manyProtocols))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(joinAs(joinRequest("", null, "consumer", longName)))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(joinAs(joinRequest("", null, longName, "range")))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(joinAs(joinRequest("", "i".repeat(GroupRequestLimits.MAX_GROUP_INSTANCE_ID_LENGTH + 1),
                "consumer", "range")))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(joinAs(joinRequest("m".repeat(GroupRequestLimits.MAX_MEMBER_ID_LENGTH + 1), null,
                "consumer", "range")))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

        assertThat(coordinator.groupState(GROUP)).isEmpty();
    }

    @Test
    void anAssignmentBeyondTheBoundIsAnInvalidRequestAndTheGroupStaysWhereItWas() {
        CompletableFuture<JoinGroupResponseData> join = dynamicJoin();
        awaitJoin(join);
        JoinGroupResponseData leader = join.join();
        SyncGroupRequestData tooLarge = new SyncGroupRequestData().setGroupId(GROUP).setMemberId(leader.memberId())
                .setGenerationId(leader.generationId()).setProtocolType("consumer").setProtocolName("range");
        tooLarge.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(leader.memberId())
                .setAssignment(new byte[GroupRequestLimits.MAX_ASSIGNMENT_BYTES + 1]));

        assertThat(error(coordinator.syncGroup(tooLarge).join())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(coordinator.groupState(GROUP)).contains(GroupState.COMPLETING_REBALANCE);

        SyncGroupResponseData synced = sync(leader.memberId(), leader.generationId(),
                Map.of(leader.memberId(), "p0")).join();
        assertThat(error(synced)).isEqualTo(Errors.NONE);
    }

    @Test
    void memberIdsMadeFromAVeryLongClientIdStayWithinTheBound() {
        JoinGroupResponseData first = coordinator.joinGroup(joinRequest("", null, "consumer", "range"), (short) 9,
                "c".repeat(10_000), "/127.0.0.1").join();

        assertThat(error(first)).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).hasSizeLessThanOrEqualTo(GroupRequestLimits.MAX_MEMBER_ID_LENGTH)
                .startsWith("c".repeat(GroupRequestLimits.MAX_CLIENT_ID_IN_MEMBER_ID) + "-");
    }

    private JoinGroupResponseData joinAs(JoinGroupRequestData request) {
        return coordinator.joinGroup(request, (short) 9, "client", "/127.0.0.1").join();
    }
}

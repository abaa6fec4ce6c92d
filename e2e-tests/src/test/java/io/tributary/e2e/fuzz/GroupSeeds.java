package io.tributary.e2e.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.utils.Utils;

/**
 * Valid bodies of the consumer-group APIs, as a classic-protocol consumer and the Admin client send them, all for
 * the fuzzing group. Membership seeds name a member the group does not know (answered at once with
 * UNKNOWN_MEMBER_ID), except one JoinGroup with an empty member id, the way a consumer starts.
 */
final class GroupSeeds {

    static final String UNKNOWN_MEMBER = "fuzz-member";

    private GroupSeeds() {
    }

    static List<ApiMessage> bodies(ApiKeys key, short version, SeedContext ctx) {
        return switch (key) {
            case JOIN_GROUP -> List.of(join(version, ctx, ""), join(version, ctx, UNKNOWN_MEMBER));
            case SYNC_GROUP -> List.of(sync(version, ctx));
            case HEARTBEAT -> List.of(new HeartbeatRequestData().setGroupId(ctx.group()).setGenerationId(1)
                    .setMemberId(UNKNOWN_MEMBER));
            case LEAVE_GROUP -> List.of(leave(version, ctx));
            case OFFSET_COMMIT -> List.of(commit(version, ctx));
            case OFFSET_FETCH -> offsetFetch(version, ctx);
            case OFFSET_DELETE -> List.of(offsetDelete(ctx));
            case DESCRIBE_GROUPS -> List.of(new DescribeGroupsRequestData().setGroups(List.of(ctx.group())));
            case LIST_GROUPS -> List.of(listGroups(version));
            case DELETE_GROUPS -> List.of(new DeleteGroupsRequestData().setGroupsNames(List.of(ctx.group())));
            case CONSUMER_GROUP_DESCRIBE -> List.of(new ConsumerGroupDescribeRequestData()
                    .setGroupIds(List.of(ctx.group())));
            default -> List.of();
        };
    }

    private static JoinGroupRequestData join(short version, SeedContext ctx, String memberId) {
        ByteBuffer subscription = ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of(ctx.liveTopic())));
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(Utils.toArray(subscription)));
        return new JoinGroupRequestData().setGroupId(ctx.group()).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setMemberId(memberId).setProtocolType("consumer")
                .setProtocols(protocols);
    }

    private static SyncGroupRequestData sync(short version, SeedContext ctx) {
        ByteBuffer assignment = ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(
                List.of(new TopicPartition(ctx.liveTopic(), 0))));
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(ctx.group()).setGenerationId(1)
                .setMemberId(UNKNOWN_MEMBER)
                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                        .setMemberId(UNKNOWN_MEMBER).setAssignment(Utils.toArray(assignment))));
        if (version >= 5) {
            request.setProtocolType("consumer").setProtocolName("range");
        }
        return request;
    }

    private static LeaveGroupRequestData leave(short version, SeedContext ctx) {
        LeaveGroupRequestData request = new LeaveGroupRequestData().setGroupId(ctx.group());
        if (version >= 3) {
            return request.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity()
                    .setMemberId(UNKNOWN_MEMBER)));
        }
        return request.setMemberId(UNKNOWN_MEMBER);
    }

    private static OffsetCommitRequestData commit(short version, SeedContext ctx) {
        OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData.OffsetCommitRequestTopic();
        if (version >= 10) {
            topic.setTopicId(ctx.liveTopicId());
        } else {
            topic.setName(ctx.liveTopic());
        }
        for (int p = 0; p < ctx.livePartitions(); p++) {
            topic.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(p)
                    .setCommittedOffset(p + 1L).setCommittedMetadata("fuzz"));
        }
        // generation -1 and no member: a commit outside group membership, as an assign() consumer makes
        return new OffsetCommitRequestData().setGroupId(ctx.group()).setGenerationIdOrMemberEpoch(-1)
                .setMemberId("").setTopics(List.of(topic));
    }

    private static List<ApiMessage> offsetFetch(short version, SeedContext ctx) {
        List<Integer> partitions = new ArrayList<>();
        for (int p = 0; p < ctx.livePartitions(); p++) {
            partitions.add(p);
        }
        List<ApiMessage> bodies = new ArrayList<>();
        if (version >= 8) {
            OffsetFetchRequestData.OffsetFetchRequestTopics topic = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setPartitionIndexes(partitions);
            if (version >= 10) {
                topic.setTopicId(ctx.liveTopicId());
            } else {
                topic.setName(ctx.liveTopic());
            }
            bodies.add(new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                    .setGroupId(ctx.group()).setTopics(List.of(topic)))));
            bodies.add(new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                    .setGroupId(ctx.group()).setTopics(null))).setRequireStable(true));
            return bodies;
        }
        bodies.add(new OffsetFetchRequestData().setGroupId(ctx.group()).setTopics(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(ctx.liveTopic())
                        .setPartitionIndexes(partitions))));
        if (version >= 2) {
            bodies.add(new OffsetFetchRequestData().setGroupId(ctx.group()).setTopics(null));
        }
        return bodies;
    }

    private static OffsetDeleteRequestData offsetDelete(SeedContext ctx) {
        OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(ctx.liveTopic())
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                        .setPartitionIndex(0))));
        return new OffsetDeleteRequestData().setGroupId(ctx.group()).setTopics(topics);
    }

    private static ListGroupsRequestData listGroups(short version) {
        ListGroupsRequestData request = new ListGroupsRequestData();
        if (version >= 4) {
            request.setStatesFilter(List.of("Stable", "Empty"));
        }
        if (version >= 5) {
            request.setTypesFilter(List.of("classic"));
        }
        return request;
    }
}

package io.tributary.coordinator.group;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.coordinator.log.CoordinatorLog;
import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.PartitionLoadListener;

/**
 * The classic-protocol group coordinator for the {@code __consumer_offsets} partitions this instance owns: the one
 * entry point of the group APIs, split along the lines the protocol draws.
 * <ul>
 * <li>{@link GroupPartitions}: the owned partitions and their groups (not owned → NOT_COORDINATOR, loading →
 * COORDINATOR_LOAD_IN_PROGRESS, except SyncGroup, which the client cannot retry on that code and gets
 * REBALANCE_IN_PROGRESS, making it rejoin);</li>
 * <li>membership, here and in {@link Membership}: JoinGroup, SyncGroup, Heartbeat, LeaveGroup; the rebalance they
 * drive, its timers and member sessions in {@link Rebalance};</li>
 * <li>{@link GroupOffsets}: OffsetCommit, OffsetFetch, OffsetDelete;</li>
 * <li>{@link GroupAdministration}: ListGroups, DescribeGroups, DeleteGroups, expiry.</li>
 * </ul>
 * Each group has its own lock, and no caller ever waits for a rebalance: JoinGroup and SyncGroup futures are parked
 * on the member and completed later from whichever thread completes the rebalance.
 * <p>
 * Every state change a client must be able to rely on (an assignment, a commit, a deletion) is acknowledged by
 * the {@link CoordinatorLog} before the client is answered; a failed write is answered with Kafka's translation of
 * the error and nothing is applied in memory (see {@link GroupRuntime#appendError}).
 */
public final class GroupCoordinator implements PartitionLoadListener {

    /** What ListGroups/DescribeGroups call a classic group's type. */
    public static final String CLASSIC_GROUP_TYPE = "classic";

    private final GroupRuntime runtime;
    private final Membership membership;
    private final GroupPartitions partitions;
    private final GroupOffsets offsets;
    private final GroupAdministration administration;

    public GroupCoordinator(GroupConfig config, CoordinatorLog coordinatorLog, TopicExistence topics, Clock clock,
                            Scheduler scheduler) {
        this.runtime = new GroupRuntime(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(coordinatorLog, "coordinatorLog"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(scheduler, "scheduler"));
        Rebalance rebalance = new Rebalance(runtime);
        this.membership = new Membership(runtime, rebalance);
        this.partitions = new GroupPartitions(runtime, rebalance);
        this.offsets = new GroupOffsets(runtime, partitions, Objects.requireNonNull(topics, "topics"));
        this.administration = new GroupAdministration(runtime, partitions, rebalance);
    }

    public GroupConfig config() {
        return runtime.config;
    }

    // ================================================================== partition ownership

    @Override
    public void loading(int partition) {
        partitions.loading(partition);
    }

    @Override
    public void loaded(int partition, List<CoordinatorRecord> replayed) {
        partitions.loaded(partition, replayed);
    }

    @Override
    public void unloaded(int partition) {
        partitions.unloaded(partition);
    }

    // ================================================================== JoinGroup / SyncGroup / Heartbeat / LeaveGroup

    public CompletableFuture<JoinGroupResponseData> joinGroup(JoinGroupRequestData request, short version,
                                                              String clientId, String clientHost) {
        CompletableFuture<JoinGroupResponseData> response = new CompletableFuture<>();
        String memberId = request.memberId() == null ? "" : request.memberId();
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            return CompletableFuture.completedFuture(Membership.joinError(memberId, Errors.INVALID_GROUP_ID));
        }
        Errors outOfBounds = GroupRequestLimits.join(request);
        if (outOfBounds != Errors.NONE) {
            return CompletableFuture.completedFuture(Membership.joinError(memberId, outOfBounds));
        }
        int session = request.sessionTimeoutMs();
        if (session < runtime.config.minSessionTimeout().toMillis() || session > runtime.config.maxSessionTimeout().toMillis()) {
            return CompletableFuture.completedFuture(Membership.joinError(memberId, Errors.INVALID_SESSION_TIMEOUT));
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        for (JoinGroupRequestData.JoinGroupRequestProtocol protocol : request.protocols()) {
            protocols.putIfAbsent(protocol.name(), protocol.metadata() == null ? new byte[0] : protocol.metadata());
        }
        Membership.JoinRequest join = new Membership.JoinRequest(memberId, request.groupInstanceId(),
                clientId == null ? "" : clientId, clientHost == null ? "" : clientHost,
                request.protocolType() == null ? "" : request.protocolType(), protocols, session,
                request.rebalanceTimeoutMs() <= 0 ? session : request.rebalanceTimeoutMs(), version);
        partitions.withGroup(request.groupId(), memberId.isEmpty(), error -> response.complete(Membership.joinError(memberId, error)),
                (state, group) -> {
                    if (group == null) {
                        return response.complete(Membership.joinError(memberId, Errors.UNKNOWN_MEMBER_ID));
                    }
                    membership.join(group, join, response);
                    return true;
                });
        return response;
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        CompletableFuture<SyncGroupResponseData> response = new CompletableFuture<>();
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            return CompletableFuture.completedFuture(Membership.syncError(Errors.INVALID_GROUP_ID));
        }
        Errors outOfBounds = GroupRequestLimits.sync(request);
        if (outOfBounds != Errors.NONE) {
            return CompletableFuture.completedFuture(Membership.syncError(outOfBounds));
        }
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        for (SyncGroupRequestData.SyncGroupRequestAssignment a : request.assignments()) {
            assignments.put(a.memberId(), a.assignment() == null ? new byte[0] : a.assignment());
        }
        partitions.withGroup(request.groupId(), false, error -> response.complete(Membership.syncError(
                        error == Errors.COORDINATOR_LOAD_IN_PROGRESS ? Errors.REBALANCE_IN_PROGRESS : error)),
                (state, group) -> {
                    if (group == null) {
                        return response.complete(Membership.syncError(Errors.UNKNOWN_MEMBER_ID));
                    }
                    membership.sync(group, request.memberId(), request.groupInstanceId(), request.generationId(),
                            request.protocolType(), request.protocolName(), assignments, response);
                    return true;
                });
        return response;
    }

    public HeartbeatResponseData heartbeat(HeartbeatRequestData request) {
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            return new HeartbeatResponseData().setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        Errors error = partitions.withGroup(request.groupId(), false, Function.identity(), (state, group) -> group == null
                ? Errors.UNKNOWN_MEMBER_ID
                : membership.heartbeat(group, request.memberId(), request.groupInstanceId(), request.generationId()));
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    /** LeaveGroup; for v0-2 (one member, no list in the response) pass the single member and read the top-level code. */
    public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version) {
        List<LeaveGroupRequestData.MemberIdentity> leaving = version >= 3 ? request.members()
                : List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(request.memberId()));
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            return response.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        Errors topLevel = partitions.withGroup(request.groupId(), false, Function.identity(), (state, group) -> {
            for (LeaveGroupRequestData.MemberIdentity identity : leaving) {
                String memberId = identity.memberId() == null ? "" : identity.memberId();
                Errors error = group == null ? Errors.UNKNOWN_MEMBER_ID
                        : membership.leave(group, memberId, identity.groupInstanceId(),
                                identity.reason() == null ? "not provided" : identity.reason());
                response.members().add(new LeaveGroupResponseData.MemberResponse()
                        .setMemberId(memberId).setGroupInstanceId(identity.groupInstanceId()).setErrorCode(error.code()));
            }
            return Errors.NONE;
        });
        if (topLevel != Errors.NONE) {
            response.members().clear();
            return response.setErrorCode(topLevel.code());
        }
        if (version < 3) {
            short code = response.members().get(0).errorCode();
            response.members().clear();
            response.setErrorCode(code);
        }
        return response;
    }

    // ================================================================== offsets (GroupOffsets)

    public CompletableFuture<OffsetCommitResponseData> commitOffsets(OffsetCommitRequestData request, short version) {
        return offsets.commitOffsets(request, version);
    }

    /** The committed offsets of one group, in the v8+ layout; {@code requested == null} means all of them. */
    public OffsetFetchResponseData.OffsetFetchResponseGroup fetchOffsets(String groupId,
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> requested, boolean requireStable) {
        return offsets.fetchOffsets(groupId, requested, requireStable);
    }

    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData request) {
        return offsets.deleteOffsets(request);
    }

    // ================================================================== administration (GroupAdministration)

    public ListGroupsResponseData listGroups(List<String> statesFilter, List<String> typesFilter) {
        return administration.listGroups(statesFilter, typesFilter);
    }

    public List<DescribeGroupsResponseData.DescribedGroup> describeGroups(List<String> groupIds, short version) {
        return administration.describeGroups(groupIds, version);
    }

    public List<ConsumerGroupDescribeResponseData.DescribedGroup> describeConsumerGroups(List<String> groupIds) {
        return administration.describeConsumerGroups(groupIds);
    }

    public CompletableFuture<List<DeleteGroupsResponseData.DeletableGroupResult>> deleteGroups(List<String> groupIds) {
        return administration.deleteGroups(groupIds);
    }

    /** Deletes the groups {@code offsets.retention.minutes} lets go; how many expired. */
    public int expireOffsets() {
        return administration.expireOffsets();
    }

    // visible for tests and metrics

    /** The state of a group, if this instance serves it. */
    public Optional<GroupState> groupState(String groupId) {
        return partitions.groupState(groupId);
    }

    /** How many groups are in the active partitions (not loading). */
    public int groupCount() {
        return partitions.groupCount();
    }
}

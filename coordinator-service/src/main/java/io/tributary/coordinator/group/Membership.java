package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The classic rebalance protocol on one group, request by request: JoinGroup, SyncGroup, Heartbeat, LeaveGroup, and
 * the answers they get. What a request sets in motion is elsewhere: the rebalance, its timers and member sessions in
 * {@link Rebalance}, a restarted static member in {@link StaticMemberRejoin}. Every method runs with the group's lock
 * held; futures of other members' parked requests are completed through {@link ClassicGroup#defer}.
 */
final class Membership {

    /** What a JoinGroup asks, already validated (session bounds, group id). */
    record JoinRequest(String memberId, String groupInstanceId, String clientId, String clientHost, String protocolType,
                       Map<String, byte[]> protocols, int sessionTimeoutMs, int rebalanceTimeoutMs, short version) {
    }

    private final GroupRuntime runtime;
    private final Rebalance rebalance;
    private final StaticMemberRejoin staticMembers;

    Membership(GroupRuntime runtime, Rebalance rebalance) {
        this.runtime = runtime;
        this.rebalance = rebalance;
        this.staticMembers = new StaticMemberRejoin(runtime, rebalance);
    }

    // ------------------------------------------------------------------ JoinGroup

    void join(ClassicGroup group, JoinRequest request, CompletableFuture<JoinGroupResponseData> response) {
        if (!group.supportsProtocols(request.protocolType(), request.protocols().keySet())) {
            response.complete(joinError(request.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL));
        } else if (request.memberId().isEmpty()) {
            joinUnknownMember(group, request, response);
        } else {
            joinKnownMember(group, request, response);
        }
    }

    private void joinUnknownMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinGroupResponseData> response) {
        String newMemberId = GroupRequestLimits.memberIdPrefix(request.clientId()) + "-" + UUID.randomUUID();
        if (request.groupInstanceId() != null) {
            String oldMemberId = group.staticMemberId(request.groupInstanceId());
            if (oldMemberId != null) {
                staticMembers.rejoin(group, request, oldMemberId, newMemberId, response);
            } else if (group.isFull(runtime.config.maxSize(), false)) {
                response.complete(joinError("", Errors.GROUP_MAX_SIZE_REACHED));
            } else {
                addMemberAndRebalance(group, request, newMemberId, response);
            }
        } else if (group.isFull(runtime.config.maxSize(), false)) {
            response.complete(joinError("", Errors.GROUP_MAX_SIZE_REACHED));
        } else if (request.version() >= 4) {
            // KIP-394: the member must come back with this id; until then it is pending for one session timeout
            group.pendingMembers.put(newMemberId, runtime.schedule(group,
                    Duration.ofMillis(request.sessionTimeoutMs()), () -> rebalance.expirePendingMember(group, newMemberId)));
            response.complete(new JoinGroupResponseData().setErrorCode(Errors.MEMBER_ID_REQUIRED.code())
                    .setMemberId(newMemberId).setGenerationId(-1).setLeader(""));
        } else {
            addMemberAndRebalance(group, request, newMemberId, response);
        }
    }

    private void joinKnownMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinGroupResponseData> response) {
        String memberId = request.memberId();
        if (group.isPending(memberId)) {
            if (group.isFull(runtime.config.maxSize(), true)) {
                response.complete(joinError(memberId, Errors.GROUP_MAX_SIZE_REACHED));
                return;
            }
            group.pendingMembers.remove(memberId).cancel();
            addMemberAndRebalance(group, request, memberId, response);
            return;
        }
        Errors invalid = validateMember(group, memberId, request.groupInstanceId());
        if (invalid != Errors.NONE) {
            response.complete(joinError(memberId, invalid));
            return;
        }
        GroupMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(group, member, request, response);
            case COMPLETING_REBALANCE -> {
                if (member.matches(request.protocols())) {
                    // the member lost our JoinGroup answer: send the current generation again
                    response.complete(joinResponse(group, member, group.isLeader(memberId), false));
                } else {
                    updateMemberAndRebalance(group, member, request, response);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(request.protocols())) {
                    // the leader rejoins to re-assign (e.g. its metadata or subscribed topics changed)
                    updateMemberAndRebalance(group, member, request, response);
                } else {
                    response.complete(joinResponse(group, member, false, false));
                }
            }
            case EMPTY, DEAD -> response.complete(joinError(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private void addMemberAndRebalance(ClassicGroup group, JoinRequest request, String memberId,
                                       CompletableFuture<JoinGroupResponseData> response) {
        GroupMember member = new GroupMember(memberId, request.groupInstanceId(), request.clientId(), request.clientHost(),
                request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), request.protocols());
        member.isNew = true;
        member.joinVersion = request.version();
        member.awaitingJoin = response;
        if (group.is(GroupState.PREPARING_REBALANCE) && group.timers.initialDelayActive) {
            group.timers.newMemberAdded = true;
        }
        group.add(member, request.protocolType());
        rebalance.scheduleSession(group, member, ClassicGroup.NEW_MEMBER_JOIN_TIMEOUT);
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            rebalance.maybeCompleteJoin(group);
        } else {
            rebalance.prepareRebalance(group, "member " + memberId + " joined");
        }
    }

    private void updateMemberAndRebalance(ClassicGroup group, GroupMember member, JoinRequest request,
                                          CompletableFuture<JoinGroupResponseData> response) {
        if (member.awaitingJoin != null && member.awaitingJoin != response) {
            // the same member joined twice (a retry): the older request will not be waited for
            CompletableFuture<JoinGroupResponseData> superseded = member.awaitingJoin;
            group.defer(() -> superseded.complete(joinError(member.memberId(), Errors.REBALANCE_IN_PROGRESS)));
        }
        member.update(request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), request.protocols());
        member.joinVersion = request.version();
        member.awaitingJoin = response;
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            rebalance.maybeCompleteJoin(group);
        } else {
            rebalance.prepareRebalance(group, "member " + member.memberId() + " rejoined");
        }
    }

    // ------------------------------------------------------------------ SyncGroup

    void sync(ClassicGroup group, String memberId, String groupInstanceId, int generationId, String protocolType,
              String protocolName, Map<String, byte[]> assignments, CompletableFuture<SyncGroupResponseData> response) {
        Errors invalid = validateMember(group, memberId, groupInstanceId);
        if (invalid == Errors.NONE && generationId != group.generationId()) {
            invalid = Errors.ILLEGAL_GENERATION;
        }
        if (invalid == Errors.NONE && (inconsistent(protocolType, group.protocolType()) || inconsistent(protocolName, group.protocolName()))) {
            invalid = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (invalid != Errors.NONE) {
            response.complete(syncError(invalid));
            return;
        }
        GroupMember member = group.member(memberId);
        switch (group.state()) {
            case EMPTY, DEAD -> response.complete(syncError(Errors.UNKNOWN_MEMBER_ID));
            case PREPARING_REBALANCE -> response.complete(syncError(Errors.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                if (member.awaitingSync != null) {
                    CompletableFuture<SyncGroupResponseData> superseded = member.awaitingSync;
                    group.defer(() -> superseded.complete(syncError(Errors.REBALANCE_IN_PROGRESS)));
                }
                member.awaitingSync = response;
                group.pendingSyncMembers.remove(memberId);
                if (group.isLeader(memberId)) {
                    rebalance.persistAssignment(group, assignments);
                }
            }
            case STABLE -> {
                group.pendingSyncMembers.remove(memberId);
                rebalance.scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                response.complete(syncResponse(group, member));
            }
        }
    }

    // ------------------------------------------------------------------ Heartbeat

    Errors heartbeat(ClassicGroup group, String memberId, String groupInstanceId, int generationId) {
        Errors invalid = validateMember(group, memberId, groupInstanceId);
        if (invalid != Errors.NONE) {
            return invalid;
        }
        if (generationId != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        GroupMember member = group.member(memberId);
        return switch (group.state()) {
            case EMPTY, DEAD -> Errors.UNKNOWN_MEMBER_ID;
            case PREPARING_REBALANCE -> {
                rebalance.scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                yield Errors.REBALANCE_IN_PROGRESS;
            }
            // as Kafka: a member may heartbeat between its JoinGroup answer and its SyncGroup
            case COMPLETING_REBALANCE, STABLE -> {
                rebalance.scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                yield Errors.NONE;
            }
        };
    }

    // ------------------------------------------------------------------ LeaveGroup

    /**
     * One leaving member: by member id, or (Admin's removeMembersFromConsumerGroup, static members) by group
     * instance id with an empty member id.
     */
    Errors leave(ClassicGroup group, String memberId, String groupInstanceId, String reason) {
        if (groupInstanceId != null) {
            String existing = group.staticMemberId(groupInstanceId);
            if (existing == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !existing.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            rebalance.removeMemberAndUpdateGroup(group, group.member(existing),
                    "static member " + groupInstanceId + " left: " + reason);
            return Errors.NONE;
        }
        if (group.isPending(memberId)) {
            group.pendingMembers.remove(memberId).cancel();
            rebalance.maybeCompleteJoin(group);
            return Errors.NONE;
        }
        GroupMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        rebalance.removeMemberAndUpdateGroup(group, member, "member " + memberId + " left: " + reason);
        return Errors.NONE;
    }

    // ------------------------------------------------------------------ helpers

    /** Kafka's member validation: a static member is identified by its instance id, whose current id must match. */
    static Errors validateMember(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String existing = group.staticMemberId(groupInstanceId);
            if (existing == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            return existing.equals(memberId) ? Errors.NONE : Errors.FENCED_INSTANCE_ID;
        }
        return group.has(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    private static boolean inconsistent(String requested, String groupValue) {
        return requested != null && groupValue != null && !requested.equals(groupValue);
    }

    static JoinGroupResponseData joinError(String memberId, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId).setGenerationId(-1)
                .setLeader("");
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    static JoinGroupResponseData joinResponse(ClassicGroup group, GroupMember member, boolean withMembers,
                                              boolean skipAssignment) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId())
                .setMemberId(member.memberId())
                .setSkipAssignment(skipAssignment);
        if (withMembers) {
            for (GroupMember m : group.members()) {
                response.members().add(new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId())
                        .setMetadata(m.metadata(group.protocolName())));
            }
        }
        return response;
    }

    static SyncGroupResponseData syncResponse(ClassicGroup group, GroupMember member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(member.assignment());
    }
}

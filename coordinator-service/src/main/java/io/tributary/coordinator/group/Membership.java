package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic rebalance protocol on one group: JoinGroup, SyncGroup, Heartbeat, LeaveGroup and their timers.
 * Every method runs with the group's lock held; futures of other members' parked requests are completed through
 * {@link ClassicGroup#defer}.
 */
final class Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    /** What a JoinGroup asks, already validated (session bounds, group id). */
    record JoinRequest(String memberId, String groupInstanceId, String clientId, String clientHost, String protocolType,
                       Map<String, byte[]> protocols, int sessionTimeoutMs, int rebalanceTimeoutMs, short version) {
    }

    private final GroupRuntime runtime;

    Membership(GroupRuntime runtime) {
        this.runtime = runtime;
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
                rejoinStaticMember(group, request, oldMemberId, newMemberId, response);
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
                    Duration.ofMillis(request.sessionTimeoutMs()), () -> expirePendingMember(group, newMemberId)));
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

    /**
     * KIP-345: a static member restarts with no member id. It takes over its old entry under a new id; the old id
     * is fenced. A Stable group whose chosen protocol would not change keeps its generation: the new id is
     * persisted and the member gets the current generation back (a v9+ leader with {@code skipAssignment} and the
     * members' metadata, so it may decide to rebalance itself). Otherwise the group rebalances.
     */
    private void rejoinStaticMember(ClassicGroup group, JoinRequest request, String oldMemberId, String newMemberId,
                                    CompletableFuture<JoinGroupResponseData> response) {
        GroupMember member = group.member(oldMemberId);
        if (member.awaitingJoin != null) {
            CompletableFuture<JoinGroupResponseData> fenced = member.awaitingJoin;
            member.awaitingJoin = null;
            group.defer(() -> fenced.complete(joinError(oldMemberId, Errors.FENCED_INSTANCE_ID)));
        }
        if (member.awaitingSync != null) {
            CompletableFuture<SyncGroupResponseData> fenced = member.awaitingSync;
            member.awaitingSync = null;
            group.defer(() -> fenced.complete(syncError(Errors.FENCED_INSTANCE_ID)));
        }
        Map<String, byte[]> oldProtocols = member.protocols();
        int oldRebalanceTimeout = member.rebalanceTimeoutMs();
        int oldSessionTimeout = member.sessionTimeoutMs();
        group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        member.update(request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), request.protocols());
        member.joinVersion = request.version();
        scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
        log.info("Static member {} of group {} rejoined: member id {} replaces {}", request.groupInstanceId(),
                group.groupId(), newMemberId, oldMemberId);

        switch (group.state()) {
            case STABLE -> {
                if (group.selectProtocol().equals(group.protocolName())) {
                    boolean skipAssignment = group.isLeader(newMemberId) && request.version() >= 9;
                    int generation = group.generationId();
                    runtime.append(group, List.of(group.toRecord(null, runtime.now())), error -> {
                        if (error == Errors.NONE) {
                            group.defer(() -> response.complete(joinResponse(group, member, skipAssignment, skipAssignment)));
                        } else {
                            if (group.generationId() == generation && group.has(newMemberId)) {
                                // the new id never reached the log: the old id is still the member's
                                member.update(oldRebalanceTimeout, oldSessionTimeout, oldProtocols);
                                group.replaceStaticMember(request.groupInstanceId(), newMemberId, oldMemberId);
                                scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                            }
                            group.defer(() -> response.complete(joinError("", error)));
                        }
                    });
                } else {
                    member.awaitingJoin = response;
                    prepareRebalance(group, "static member " + request.groupInstanceId() + " rejoined with other protocols");
                }
            }
            case COMPLETING_REBALANCE -> {
                // the leader may already assign to the old id: start over
                member.awaitingJoin = response;
                prepareRebalance(group, "static member " + request.groupInstanceId() + " rejoined during CompletingRebalance");
            }
            case PREPARING_REBALANCE -> {
                member.awaitingJoin = response;
                maybeCompleteJoin(group);
            }
            case EMPTY, DEAD -> throw new IllegalStateException("Group " + group.groupId() + " has a static member but is " + group.state());
        }
    }

    private void addMemberAndRebalance(ClassicGroup group, JoinRequest request, String memberId,
                                       CompletableFuture<JoinGroupResponseData> response) {
        GroupMember member = new GroupMember(memberId, request.groupInstanceId(), request.clientId(), request.clientHost(),
                request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), request.protocols());
        member.isNew = true;
        member.joinVersion = request.version();
        member.awaitingJoin = response;
        if (group.is(GroupState.PREPARING_REBALANCE) && group.initialDelayActive) {
            group.newMemberAdded = true;
        }
        group.add(member, request.protocolType());
        scheduleSession(group, member, ClassicGroup.NEW_MEMBER_JOIN_TIMEOUT);
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group);
        } else {
            prepareRebalance(group, "member " + memberId + " joined");
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
            maybeCompleteJoin(group);
        } else {
            prepareRebalance(group, "member " + member.memberId() + " rejoined");
        }
    }

    // ------------------------------------------------------------------ the rebalance

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(group, Errors.REBALANCE_IN_PROGRESS);
        }
        cancelSyncTimeout(group);
        group.pendingSyncMembers.clear();
        cancelJoinTimeout(group);
        boolean initial = group.is(GroupState.EMPTY);
        int rebalanceTimeoutMs = group.rebalanceTimeoutMs();
        group.transitionTo(GroupState.PREPARING_REBALANCE, runtime.now());
        log.info("Preparing to rebalance group {} in state PreparingRebalance with old generation {} "
                + "(partition {} of __consumer_offsets): {}", group.groupId(), group.generationId(), group.partition(), reason);
        long epoch = group.joinTimerEpoch;
        if (initial) {
            Duration delay = runtime.config.initialRebalanceDelay();
            group.initialDelayActive = true;
            group.newMemberAdded = false;
            group.initialDelayRemainingMs = Math.max(rebalanceTimeoutMs - delay.toMillis(), 0);
            group.joinTimeout = runtime.schedule(group, delay, () -> onInitialDelay(group, epoch));
        } else {
            group.initialDelayActive = false;
            group.joinTimeout = runtime.schedule(group, Duration.ofMillis(rebalanceTimeoutMs), () -> onJoinTimeout(group, epoch));
            maybeCompleteJoin(group);
        }
    }

    private void onInitialDelay(ClassicGroup group, long epoch) {
        if (group.joinTimerEpoch != epoch || !group.is(GroupState.PREPARING_REBALANCE) || !group.initialDelayActive) {
            return;
        }
        if (group.newMemberAdded && group.initialDelayRemainingMs > 0) {
            group.newMemberAdded = false;
            long delay = Math.min(runtime.config.initialRebalanceDelay().toMillis(), group.initialDelayRemainingMs);
            group.initialDelayRemainingMs = Math.max(group.initialDelayRemainingMs - delay, 0);
            long next = ++group.joinTimerEpoch;
            group.joinTimeout = runtime.schedule(group, Duration.ofMillis(delay), () -> onInitialDelay(group, next));
        } else {
            completeJoin(group);
        }
    }

    private void onJoinTimeout(ClassicGroup group, long epoch) {
        if (group.joinTimerEpoch == epoch) {
            completeJoin(group);
        }
    }

    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.initialDelayActive && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    private void completeJoin(ClassicGroup group) {
        if (!group.is(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        cancelJoinTimeout(group);
        group.initialDelayActive = false;
        for (GroupMember failed : group.notYetRejoined()) {
            if (!failed.isStatic()) {
                log.info("Member {} of group {} did not rejoin within the rebalance timeout: removed", failed.memberId(), group.groupId());
                group.remove(failed.memberId());
            }
        }
        if (group.size() > 0 && !group.maybeElectNewJoinedLeader()) {
            // only static members that have not rejoined are left: wait for them (or their session expiry)
            long epoch = group.joinTimerEpoch;
            group.joinTimeout = runtime.schedule(group, Duration.ofMillis(group.rebalanceTimeoutMs()), () -> onJoinTimeout(group, epoch));
            return;
        }
        group.initNextGeneration(runtime.now());
        if (group.is(GroupState.EMPTY)) {
            log.info("Group {} with generation {} is now empty (partition {} of __consumer_offsets)",
                    group.groupId(), group.generationId(), group.partition());
            runtime.append(group, List.of(group.toRecord(Map.of(), runtime.now())), error -> { });
            return;
        }
        log.info("Stabilized group {} generation {} with {} member(s), protocol {} (partition {} of __consumer_offsets)",
                group.groupId(), group.generationId(), group.size(), group.protocolName(), group.partition());
        for (GroupMember member : group.members()) {
            if (member.awaitingJoin != null) {
                CompletableFuture<JoinGroupResponseData> waiting = member.awaitingJoin;
                JoinGroupResponseData answer = joinResponse(group, member, group.isLeader(member.memberId()), false);
                member.awaitingJoin = null;
                group.defer(() -> waiting.complete(answer));
            }
            member.isNew = false;
            scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
        }
        int generation = group.generationId();
        long epoch = ++group.syncTimerEpoch;
        group.syncTimeout = runtime.schedule(group, Duration.ofMillis(group.rebalanceTimeoutMs()),
                () -> onSyncTimeout(group, generation, epoch));
    }

    private void onSyncTimeout(ClassicGroup group, int generation, long epoch) {
        if (group.syncTimerEpoch != epoch || group.generationId() != generation
                || !(group.is(GroupState.COMPLETING_REBALANCE) || group.is(GroupState.STABLE))) {
            return;
        }
        for (String memberId : new ArrayList<>(group.pendingSyncMembers)) {
            GroupMember member = group.member(memberId);
            if (member != null) {
                removeMemberAndUpdateGroup(group, member, "member " + memberId + " did not sync within the rebalance timeout");
            }
        }
    }

    private void resetAndPropagateAssignmentError(ClassicGroup group, Errors error) {
        for (GroupMember member : group.members()) {
            member.assignment(new byte[0]);
            if (member.awaitingSync != null) {
                CompletableFuture<SyncGroupResponseData> waiting = member.awaitingSync;
                member.awaitingSync = null;
                group.defer(() -> waiting.complete(syncError(error)));
            }
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
                    persistAssignment(group, assignments);
                }
            }
            case STABLE -> {
                group.pendingSyncMembers.remove(memberId);
                scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                response.complete(syncResponse(group, member));
            }
        }
    }

    /** The leader's assignment is written to the log before anybody is answered; then the group is Stable. */
    private void persistAssignment(ClassicGroup group, Map<String, byte[]> requested) {
        Map<String, byte[]> assignments = new HashMap<>();
        for (GroupMember member : group.members()) {
            assignments.put(member.memberId(), requested.getOrDefault(member.memberId(), new byte[0]));
        }
        int generation = group.generationId();
        runtime.append(group, List.of(group.toRecord(assignments, runtime.now())), error -> {
            if (!group.is(GroupState.COMPLETING_REBALANCE) || group.generationId() != generation) {
                return; // a new rebalance started meanwhile and answered the parked syncs with REBALANCE_IN_PROGRESS
            }
            if (error != Errors.NONE) {
                resetAndPropagateAssignmentError(group, error);
                prepareRebalance(group, "writing the assignment of generation " + generation + " failed with " + error);
                return;
            }
            for (GroupMember member : group.members()) {
                member.assignment(assignments.get(member.memberId()));
                if (member.awaitingSync != null) {
                    CompletableFuture<SyncGroupResponseData> waiting = member.awaitingSync;
                    SyncGroupResponseData answer = syncResponse(group, member);
                    member.awaitingSync = null;
                    group.defer(() -> waiting.complete(answer));
                    scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                }
            }
            group.transitionTo(GroupState.STABLE, runtime.now());
            log.info("Assignment of group {} generation {} received from leader {} and stored", group.groupId(),
                    generation, group.leaderId());
        });
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
                scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                yield Errors.REBALANCE_IN_PROGRESS;
            }
            // as Kafka: a member may heartbeat between its JoinGroup answer and its SyncGroup
            case COMPLETING_REBALANCE, STABLE -> {
                scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
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
            removeMemberAndUpdateGroup(group, group.member(existing), "static member " + groupInstanceId + " left: " + reason);
            return Errors.NONE;
        }
        if (group.isPending(memberId)) {
            group.pendingMembers.remove(memberId).cancel();
            maybeCompleteJoin(group);
            return Errors.NONE;
        }
        GroupMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndUpdateGroup(group, member, "member " + memberId + " left: " + reason);
        return Errors.NONE;
    }

    void removeMemberAndUpdateGroup(ClassicGroup group, GroupMember member, String reason) {
        String memberId = member.memberId();
        if (member.awaitingJoin != null) {
            CompletableFuture<JoinGroupResponseData> waiting = member.awaitingJoin;
            member.awaitingJoin = null;
            group.defer(() -> waiting.complete(joinError(memberId, Errors.UNKNOWN_MEMBER_ID)));
        }
        if (member.awaitingSync != null) {
            CompletableFuture<SyncGroupResponseData> waiting = member.awaitingSync;
            member.awaitingSync = null;
            group.defer(() -> waiting.complete(syncError(Errors.UNKNOWN_MEMBER_ID)));
        }
        group.remove(memberId);
        log.info("Removed member {} from group {}: {}", memberId, group.groupId(), reason);
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            case EMPTY, DEAD -> { }
        }
    }

    // ------------------------------------------------------------------ liveness

    void scheduleSession(ClassicGroup group, GroupMember member, Duration timeout) {
        member.cancelSessionTimeout();
        long epoch = member.sessionEpoch;
        String memberId = member.memberId();
        member.sessionTimeout = runtime.schedule(group, timeout, () -> onSessionExpired(group, memberId, epoch));
    }

    private void onSessionExpired(ClassicGroup group, String memberId, long epoch) {
        GroupMember member = group.member(memberId);
        if (member == null || member.sessionEpoch != epoch) {
            return;
        }
        if (member.mayExpire()) {
            removeMemberAndUpdateGroup(group, member, "session of member " + memberId + " expired");
        }
    }

    private void expirePendingMember(ClassicGroup group, String memberId) {
        if (group.pendingMembers.remove(memberId) != null) {
            log.info("Pending member {} of group {} did not rejoin within its session timeout: removed", memberId, group.groupId());
            maybeCompleteJoin(group);
        }
    }

    /** Fails every parked request with {@code error} and stops every timer (the partition is unloaded). */
    void abandon(ClassicGroup group, Errors error) {
        for (GroupMember member : group.members()) {
            if (member.awaitingJoin != null) {
                CompletableFuture<JoinGroupResponseData> waiting = member.awaitingJoin;
                String memberId = member.memberId();
                member.awaitingJoin = null;
                group.defer(() -> waiting.complete(joinError(memberId, error)));
            }
            if (member.awaitingSync != null) {
                CompletableFuture<SyncGroupResponseData> waiting = member.awaitingSync;
                member.awaitingSync = null;
                group.defer(() -> waiting.complete(syncError(error)));
            }
        }
        group.cancelTimers();
        group.pendingMembers.clear();
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

    private void cancelJoinTimeout(ClassicGroup group) {
        group.joinTimerEpoch++;
        if (group.joinTimeout != null) {
            group.joinTimeout.cancel();
            group.joinTimeout = null;
        }
    }

    private void cancelSyncTimeout(ClassicGroup group) {
        group.syncTimerEpoch++;
        if (group.syncTimeout != null) {
            group.syncTimeout.cancel();
            group.syncTimeout = null;
        }
    }

    static JoinGroupResponseData joinError(String memberId, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId).setGenerationId(-1)
                .setLeader("");
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    private static JoinGroupResponseData joinResponse(ClassicGroup group, GroupMember member, boolean withMembers,
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

    private static SyncGroupResponseData syncResponse(ClassicGroup group, GroupMember member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(member.assignment());
    }
}

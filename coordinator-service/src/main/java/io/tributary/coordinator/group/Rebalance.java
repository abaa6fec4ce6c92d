package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance of one group and the timers that drive it (see the state machine in {@link ClassicGroup}):
 * PreparingRebalance until every member rejoined (or the initial delay or rebalance timeout ends it), a new
 * generation in CompletingRebalance until the leader's assignment is stored, then Stable; and the member sessions
 * and departures that start the next one. Every method runs with the group's lock held; futures of parked requests
 * are completed through {@link ClassicGroup#defer}.
 */
final class Rebalance {

    private static final Logger log = LoggerFactory.getLogger(Rebalance.class);

    private final GroupRuntime runtime;

    Rebalance(GroupRuntime runtime) {
        this.runtime = runtime;
    }

    // ------------------------------------------------------------------ PreparingRebalance and CompletingRebalance

    void prepareRebalance(ClassicGroup group, String reason) {
        RebalanceTimers timers = group.timers;
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(group, Errors.REBALANCE_IN_PROGRESS);
        }
        timers.cancelSyncTimeout();
        group.pendingSyncMembers.clear();
        timers.cancelJoinTimeout();
        boolean initial = group.is(GroupState.EMPTY);
        int rebalanceTimeoutMs = group.rebalanceTimeoutMs();
        group.transitionTo(GroupState.PREPARING_REBALANCE, runtime.now());
        log.info("Preparing to rebalance group {} in state PreparingRebalance with old generation {} "
                + "(partition {} of __consumer_offsets): {}", group.groupId(), group.generationId(), group.partition(), reason);
        long epoch = timers.joinTimerEpoch;
        if (initial) {
            Duration delay = runtime.config.initialRebalanceDelay();
            timers.initialDelayActive = true;
            timers.newMemberAdded = false;
            timers.initialDelayRemainingMs = Math.max(rebalanceTimeoutMs - delay.toMillis(), 0);
            timers.joinTimeout = runtime.schedule(group, delay, () -> onInitialDelay(group, epoch));
        } else {
            timers.initialDelayActive = false;
            timers.joinTimeout = runtime.schedule(group, Duration.ofMillis(rebalanceTimeoutMs),
                    () -> onJoinTimeout(group, epoch));
            maybeCompleteJoin(group);
        }
    }

    private void onInitialDelay(ClassicGroup group, long epoch) {
        RebalanceTimers timers = group.timers;
        if (timers.joinTimerEpoch != epoch || !group.is(GroupState.PREPARING_REBALANCE) || !timers.initialDelayActive) {
            return;
        }
        if (timers.newMemberAdded && timers.initialDelayRemainingMs > 0) {
            timers.newMemberAdded = false;
            long delay = Math.min(runtime.config.initialRebalanceDelay().toMillis(), timers.initialDelayRemainingMs);
            timers.initialDelayRemainingMs = Math.max(timers.initialDelayRemainingMs - delay, 0);
            long next = ++timers.joinTimerEpoch;
            timers.joinTimeout = runtime.schedule(group, Duration.ofMillis(delay), () -> onInitialDelay(group, next));
        } else {
            completeJoin(group);
        }
    }

    private void onJoinTimeout(ClassicGroup group, long epoch) {
        if (group.timers.joinTimerEpoch == epoch) {
            completeJoin(group);
        }
    }

    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.timers.initialDelayActive
                && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    private void completeJoin(ClassicGroup group) {
        RebalanceTimers timers = group.timers;
        if (!group.is(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        timers.cancelJoinTimeout();
        timers.initialDelayActive = false;
        for (GroupMember failed : group.notYetRejoined()) {
            if (!failed.isStatic()) {
                log.info("Member {} of group {} did not rejoin within the rebalance timeout: removed", failed.memberId(), group.groupId());
                group.remove(failed.memberId());
            }
        }
        if (group.size() > 0 && !group.maybeElectNewJoinedLeader()) {
            // only static members that have not rejoined are left: wait for them (or their session expiry)
            long epoch = timers.joinTimerEpoch;
            timers.joinTimeout = runtime.schedule(group, Duration.ofMillis(group.rebalanceTimeoutMs()),
                    () -> onJoinTimeout(group, epoch));
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
                JoinGroupResponseData answer =
                        Membership.joinResponse(group, member, group.isLeader(member.memberId()), false);
                member.awaitingJoin = null;
                group.defer(() -> waiting.complete(answer));
            }
            member.isNew = false;
            scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
        }
        int generation = group.generationId();
        long epoch = ++timers.syncTimerEpoch;
        timers.syncTimeout = runtime.schedule(group, Duration.ofMillis(group.rebalanceTimeoutMs()),
                () -> onSyncTimeout(group, generation, epoch));
    }

    private void onSyncTimeout(ClassicGroup group, int generation, long epoch) {
        if (group.timers.syncTimerEpoch != epoch || group.generationId() != generation
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
                group.defer(() -> waiting.complete(Membership.syncError(error)));
            }
        }
    }

    /** The leader's assignment is written to the log before anybody is answered; then the group is Stable. */
    void persistAssignment(ClassicGroup group, Map<String, byte[]> requested) {
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
                    SyncGroupResponseData answer = Membership.syncResponse(group, member);
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

    // ------------------------------------------------------------------ departures and liveness

    void removeMemberAndUpdateGroup(ClassicGroup group, GroupMember member, String reason) {
        String memberId = member.memberId();
        if (member.awaitingJoin != null) {
            CompletableFuture<JoinGroupResponseData> waiting = member.awaitingJoin;
            member.awaitingJoin = null;
            group.defer(() -> waiting.complete(Membership.joinError(memberId, Errors.UNKNOWN_MEMBER_ID)));
        }
        if (member.awaitingSync != null) {
            CompletableFuture<SyncGroupResponseData> waiting = member.awaitingSync;
            member.awaitingSync = null;
            group.defer(() -> waiting.complete(Membership.syncError(Errors.UNKNOWN_MEMBER_ID)));
        }
        group.remove(memberId);
        log.info("Removed member {} from group {}: {}", memberId, group.groupId(), reason);
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            case EMPTY, DEAD -> { }
        }
    }

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

    void expirePendingMember(ClassicGroup group, String memberId) {
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
                group.defer(() -> waiting.complete(Membership.joinError(memberId, error)));
            }
            if (member.awaitingSync != null) {
                CompletableFuture<SyncGroupResponseData> waiting = member.awaitingSync;
                member.awaitingSync = null;
                group.defer(() -> waiting.complete(Membership.syncError(error)));
            }
        }
        group.cancelTimers();
        group.pendingMembers.clear();
    }
}

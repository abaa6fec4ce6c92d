package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static membership (KIP-345) on the join path: a member with a group instance id that restarts keeps its place in
 * the group. Runs with the group's lock held, like {@link Membership}.
 */
final class StaticMemberRejoin {

    private static final Logger log = LoggerFactory.getLogger(StaticMemberRejoin.class);

    private final GroupRuntime runtime;
    private final Rebalance rebalance;

    StaticMemberRejoin(GroupRuntime runtime, Rebalance rebalance) {
        this.runtime = runtime;
        this.rebalance = rebalance;
    }

    /**
     * KIP-345: a static member restarts with no member id. It takes over its old entry under a new id; the old id
     * is fenced. A Stable group whose chosen protocol would not change keeps its generation: the new id is
     * persisted and the member gets the current generation back (a v9+ leader with {@code skipAssignment} and the
     * members' metadata, so it may decide to rebalance itself). Otherwise the group rebalances.
     */
    void rejoin(ClassicGroup group, Membership.JoinRequest request, String oldMemberId, String newMemberId,
                CompletableFuture<JoinGroupResponseData> response) {
        GroupMember member = group.member(oldMemberId);
        if (member.awaitingJoin != null) {
            CompletableFuture<JoinGroupResponseData> fenced = member.awaitingJoin;
            member.awaitingJoin = null;
            group.defer(() -> fenced.complete(Membership.joinError(oldMemberId, Errors.FENCED_INSTANCE_ID)));
        }
        if (member.awaitingSync != null) {
            CompletableFuture<SyncGroupResponseData> fenced = member.awaitingSync;
            member.awaitingSync = null;
            group.defer(() -> fenced.complete(Membership.syncError(Errors.FENCED_INSTANCE_ID)));
        }
        Map<String, byte[]> oldProtocols = member.protocols();
        int oldRebalanceTimeout = member.rebalanceTimeoutMs();
        int oldSessionTimeout = member.sessionTimeoutMs();
        group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        member.update(request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), request.protocols());
        member.joinVersion = request.version();
        rebalance.scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
        log.info("Static member {} of group {} rejoined: member id {} replaces {}", request.groupInstanceId(),
                group.groupId(), newMemberId, oldMemberId);

        switch (group.state()) {
            case STABLE -> {
                if (group.selectProtocol().equals(group.protocolName())) {
                    boolean skipAssignment = group.isLeader(newMemberId) && request.version() >= 9;
                    int generation = group.generationId();
                    runtime.append(group, List.of(group.toRecord(null, runtime.now())), error -> {
                        if (error == Errors.NONE) {
                            JoinGroupResponseData answer = Membership.joinResponse(group, member, skipAssignment, skipAssignment);
                            group.defer(() -> response.complete(answer));
                        } else {
                            if (group.generationId() == generation && group.has(newMemberId)) {
                                // the new id never reached the log: the old id is still the member's
                                member.update(oldRebalanceTimeout, oldSessionTimeout, oldProtocols);
                                group.replaceStaticMember(request.groupInstanceId(), newMemberId, oldMemberId);
                                rebalance.scheduleSession(group, member, Duration.ofMillis(member.sessionTimeoutMs()));
                            }
                            group.defer(() -> response.complete(Membership.joinError("", error)));
                        }
                    });
                } else {
                    member.awaitingJoin = response;
                    rebalance.prepareRebalance(group,
                            "static member " + request.groupInstanceId() + " rejoined with other protocols");
                }
            }
            case COMPLETING_REBALANCE -> {
                // the leader may already assign to the old id: start over
                member.awaitingJoin = response;
                rebalance.prepareRebalance(group,
                        "static member " + request.groupInstanceId() + " rejoined during CompletingRebalance");
            }
            case PREPARING_REBALANCE -> {
                member.awaitingJoin = response;
                rebalance.maybeCompleteJoin(group);
            }
            case EMPTY, DEAD -> throw new IllegalStateException(
                    "Group " + group.groupId() + " has a static member but is " + group.state());
        }
    }
}

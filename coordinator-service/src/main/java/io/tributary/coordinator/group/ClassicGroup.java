package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.TopicPartition;

import io.tributary.coordinator.log.CoordinatorRecord;

/**
 * A classic-protocol group: its members, generation, chosen protocol and committed offsets. Not thread-safe by
 * itself: every access holds {@link #lock}. Futures of parked requests are completed through {@link #defer} so
 * that they run after the lock is released.
 *
 * <pre>
 *                 first member joins
 *      +-------+ ------------------> +--------------------+   all known members joined
 *      | Empty |                     | PreparingRebalance | --- (or rebalance timeout) ---+
 *      +-------+ &lt;------------------ +--------------------+                               |
 *        |   ^      all members gone     ^    ^                                         v
 *        |   |                           |    |  join/leave/expiry      +---------------------+
 *        |   |                           |    +------------------------ | CompletingRebalance |
 *        |   |                           |                              +---------------------+
 *        |   |                           | join (leader or new           |  leader's SyncGroup
 *        |   |                           | metadata), leave, expiry,     |  persisted
 *        |   |                           | sync timeout                  v
 *        |   |                           |                          +--------+
 *        |   |                           +------------------------- | Stable |
 *        |   |                                                      +--------+
 *        |   +-- (loaded from the log without members)
 *        |
 *        | DeleteGroups, offsets expired, partition unloaded (any state)
 *        v
 *      +------+
 *      | Dead |   final: the group object is dropped from the coordinator's map
 *      +------+
 * </pre>
 *
 * Empty → PreparingRebalance waits {@code group.initial.rebalance.delay.ms} (extended by each new joiner, capped at
 * the rebalance timeout); the other entries into PreparingRebalance wait for every known member, at most the
 * largest member rebalance timeout.
 */
final class ClassicGroup {

    /** Kafka's bound on the session of a member that joined during the current rebalance. */
    static final Duration NEW_MEMBER_JOIN_TIMEOUT = Duration.ofMinutes(5);

    final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> deferred = new ArrayList<>();

    private final String groupId;
    private final int partition;
    private GroupState state = GroupState.EMPTY;
    private long stateTimestamp;
    private String protocolType;
    private String protocolName;
    private int generationId;
    private String leaderId;

    private final Map<String, GroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    final Map<String, Scheduler.Timeout> pendingMembers = new LinkedHashMap<>();
    final Set<String> pendingSyncMembers = new HashSet<>();

    final RebalanceTimers timers = new RebalanceTimers();
    /** OffsetCommit appends not yet acknowledged: a group with some is never dropped as unused */
    int pendingOffsetWrites;

    private final Map<TopicPartition, CoordinatorRecord.OffsetCommit> offsets = new LinkedHashMap<>();

    ClassicGroup(String groupId, int partition, long now) {
        this.groupId = groupId;
        this.partition = partition;
        this.stateTimestamp = now;
    }

    String groupId() {
        return groupId;
    }

    int partition() {
        return partition;
    }

    GroupState state() {
        return state;
    }

    boolean is(GroupState s) {
        return state == s;
    }

    long stateTimestamp() {
        return stateTimestamp;
    }

    void transitionTo(GroupState next, long now) {
        if (!next.canMoveFrom(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot move from " + state + " to " + next);
        }
        state = next;
        stateTimestamp = now;
    }

    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    int generationId() {
        return generationId;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    // ---- members

    Collection<GroupMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    GroupMember member(String memberId) {
        return members.get(memberId);
    }

    String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    boolean isPending(String memberId) {
        return pendingMembers.containsKey(memberId);
    }

    /** Whether one more member (not counting a pending member becoming a member) would exceed {@code maxSize}. */
    boolean isFull(int maxSize, boolean joinerIsPending) {
        int count = members.size() + pendingMembers.size() - (joinerIsPending ? 1 : 0);
        return count >= maxSize;
    }

    void add(GroupMember member, String type) {
        if (members.isEmpty()) {
            protocolType = type;
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
    }

    void remove(String memberId) {
        GroupMember member = members.remove(memberId);
        if (member == null) {
            return;
        }
        member.cancelSessionTimeout();
        if (member.isStatic()) {
            staticMembers.remove(member.groupInstanceId(), memberId);
        }
        pendingSyncMembers.remove(memberId);
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** A static member rejoined with a new member id: the member keeps its place, assignment and leadership. */
    GroupMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        GroupMember member = members.remove(oldMemberId);
        member.memberId(newMemberId);
        member.cancelSessionTimeout();
        // keep insertion order stable enough: re-inserting puts it last, which only affects leader fallback
        members.put(newMemberId, member);
        staticMembers.put(groupInstanceId, newMemberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        return member;
    }

    boolean hasAllMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(GroupMember::isAwaitingJoin);
    }

    List<GroupMember> notYetRejoined() {
        return members.values().stream().filter(m -> !m.isAwaitingJoin()).toList();
    }

    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(GroupMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /** If the leader has not rejoined, the first member that has becomes the leader. False if nobody has. */
    boolean maybeElectNewJoinedLeader() {
        GroupMember leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return true;
        }
        for (GroupMember member : members.values()) {
            if (member.isAwaitingJoin()) {
                leaderId = member.memberId();
                return true;
            }
        }
        return false;
    }

    // ---- protocols (see GroupProtocols)

    boolean supportsProtocols(String memberProtocolType, Set<String> memberProtocols) {
        return GroupProtocols.supports(members.values(), protocolType, memberProtocolType, memberProtocols);
    }

    String selectProtocol() {
        return GroupProtocols.select(groupId, members.values(), leaderId == null ? null : members.get(leaderId));
    }

    /** generation++; the protocol is chosen, CompletingRebalance (or Empty when nobody is left). */
    void initNextGeneration(long now) {
        generationId++;
        pendingSyncMembers.clear();
        if (members.isEmpty()) {
            protocolName = null;
            transitionTo(GroupState.EMPTY, now);
        } else {
            protocolName = selectProtocol();
            pendingSyncMembers.addAll(members.keySet());
            transitionTo(GroupState.COMPLETING_REBALANCE, now);
        }
    }

    // ---- persistence

    CoordinatorRecord.GroupMetadata toRecord(Map<String, byte[]> assignments, long now) {
        List<CoordinatorRecord.Member> recorded = new ArrayList<>();
        for (GroupMember m : members.values()) {
            byte[] assignment = assignments == null ? m.assignment() : assignments.getOrDefault(m.memberId(), new byte[0]);
            recorded.add(new CoordinatorRecord.Member(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(),
                    protocolName == null ? new byte[0] : m.metadata(protocolName), assignment));
        }
        return new CoordinatorRecord.GroupMetadata(groupId, protocolType == null ? "" : protocolType, generationId,
                protocolName, leaderId, now, recorded);
    }

    /** Restores the state a GroupMetadata record describes: Stable with its members, or Empty without any. */
    void restore(CoordinatorRecord.GroupMetadata record) {
        members.clear();
        staticMembers.clear();
        pendingSyncMembers.clear();
        protocolType = record.protocolType() == null || record.protocolType().isEmpty() ? null : record.protocolType();
        generationId = record.generation();
        protocolName = record.protocolName();
        stateTimestamp = record.currentStateTimestamp();
        for (CoordinatorRecord.Member m : record.members()) {
            Map<String, byte[]> protocols = new LinkedHashMap<>();
            if (protocolName != null) {
                protocols.put(protocolName, m.subscription() == null ? new byte[0] : m.subscription());
            }
            GroupMember member = new GroupMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), protocols);
            member.assignment(m.assignment());
            members.put(member.memberId(), member);
            if (member.isStatic()) {
                staticMembers.put(member.groupInstanceId(), member.memberId());
            }
        }
        leaderId = members.isEmpty() ? null : (members.containsKey(record.leader()) ? record.leader()
                : members.keySet().iterator().next());
        state = members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
    }

    /** After a GroupTombstone in the log: as if the group had never been (offsets after it stay). */
    void reset() {
        members.clear();
        staticMembers.clear();
        pendingSyncMembers.clear();
        protocolType = null;
        protocolName = null;
        generationId = 0;
        leaderId = null;
        state = GroupState.EMPTY;
    }

    // ---- offsets

    Map<TopicPartition, CoordinatorRecord.OffsetCommit> offsets() {
        return offsets;
    }

    // ---- deferred completions

    void defer(Runnable action) {
        deferred.add(action);
    }

    /** Takes the actions to run once the lock is released (only by the outermost holder). */
    List<Runnable> drainDeferred() {
        if (lock.getHoldCount() > 1 || deferred.isEmpty()) {
            return List.of();
        }
        List<Runnable> actions = new ArrayList<>(deferred);
        deferred.clear();
        return actions;
    }

    /** Back to Empty after a failed DeleteGroups append (the tombstone never reached the log). */
    void revive(long now) {
        state = GroupState.EMPTY;
        stateTimestamp = now;
    }

    /** An Empty group with no generation, member or offset is not worth keeping (e.g. after a refused join). */
    boolean isUnused() {
        return state == GroupState.EMPTY && members.isEmpty() && pendingMembers.isEmpty() && generationId == 0
                && offsets.isEmpty() && pendingOffsetWrites == 0;
    }

    void markDead(long now) {
        state = GroupState.DEAD;
        stateTimestamp = now;
    }

    void cancelTimers() {
        timers.cancelJoinTimeout();
        timers.cancelSyncTimeout();
        pendingMembers.values().forEach(Scheduler.Timeout::cancel);
        members.values().forEach(GroupMember::cancelSessionTimeout);
    }
}

package io.tributary.coordinator.group;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.coordinator.group.GroupPartitions.PartitionState;
import io.tributary.coordinator.log.CoordinatorRecord;

/**
 * Group administration: ListGroups, DescribeGroups, ConsumerGroupDescribe, DeleteGroups, and the expiry of groups
 * by {@code offsets.retention.minutes}, which deletes them the way DeleteGroups does.
 */
final class GroupAdministration {

    private static final Logger log = LoggerFactory.getLogger(GroupAdministration.class);

    private final GroupRuntime runtime;
    private final GroupPartitions partitions;
    private final Rebalance rebalance;

    GroupAdministration(GroupRuntime runtime, GroupPartitions partitions, Rebalance rebalance) {
        this.runtime = runtime;
        this.partitions = partitions;
        this.rebalance = rebalance;
    }

    /**
     * Every live group of every active partition, filtered by state name and group type (both case-insensitive;
     * classic groups are of type "classic"). COORDINATOR_LOAD_IN_PROGRESS (with the groups found) while a
     * partition is still loading, so that Admin retries.
     */
    ListGroupsResponseData listGroups(List<String> statesFilter, List<String> typesFilter) {
        ListGroupsResponseData response = new ListGroupsResponseData();
        boolean classicWanted = typesFilter == null || typesFilter.isEmpty()
                || typesFilter.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(GroupCoordinator.CLASSIC_GROUP_TYPE));
        for (PartitionState state : partitions.all()) {
            if (state.loading) {
                response.setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
                continue;
            }
            if (!classicWanted) {
                continue;
            }
            for (ClassicGroup group : state.groups.values()) {
                runtime.locked(group, () -> {
                    if (group.is(GroupState.DEAD)) {
                        return;
                    }
                    if (statesFilter != null && !statesFilter.isEmpty()
                            && statesFilter.stream().noneMatch(s -> group.state().matches(s))) {
                        return;
                    }
                    response.groups().add(new ListGroupsResponseData.ListedGroup()
                            .setGroupId(group.groupId())
                            .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                            .setGroupState(group.state().displayName())
                            .setGroupType(GroupCoordinator.CLASSIC_GROUP_TYPE));
                });
            }
        }
        return response;
    }

    /**
     * DescribeGroups. Members carry metadata and assignment only while Stable (as Kafka). An unknown group is
     * described as Dead; from v6 on with GROUP_ID_NOT_FOUND (KIP-1043), before without an error.
     */
    List<DescribeGroupsResponseData.DescribedGroup> describeGroups(List<String> groupIds, short version) {
        List<DescribeGroupsResponseData.DescribedGroup> described = new ArrayList<>();
        for (String groupId : groupIds) {
            DescribeGroupsResponseData.DescribedGroup result = new DescribeGroupsResponseData.DescribedGroup()
                    .setGroupId(groupId).setGroupState("").setProtocolType("").setProtocolData("");
            described.add(partitions.withGroup(groupId, false, error -> result.setErrorCode(error.code()), (state, group) -> {
                if (group == null) {
                    result.setGroupState(GroupState.DEAD.displayName());
                    if (version >= 6) {
                        result.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + groupId + " not found.");
                    }
                    return result;
                }
                boolean stable = group.is(GroupState.STABLE);
                result.setGroupState(group.state().displayName())
                        .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                        .setProtocolData(stable && group.protocolName() != null ? group.protocolName() : "");
                for (GroupMember m : group.members()) {
                    result.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                            .setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId())
                            .setClientId(m.clientId())
                            .setClientHost(m.clientHost())
                            .setMemberMetadata(stable ? m.metadata(group.protocolName()) : new byte[0])
                            .setMemberAssignment(stable ? m.assignment() : new byte[0]));
                }
                return result;
            }));
        }
        return described;
    }

    /**
     * ConsumerGroupDescribe (KIP-848 groups): this coordinator has only classic groups, so every group is
     * GROUP_ID_NOT_FOUND, and Admin falls back to DescribeGroups.
     */
    List<ConsumerGroupDescribeResponseData.DescribedGroup> describeConsumerGroups(List<String> groupIds) {
        List<ConsumerGroupDescribeResponseData.DescribedGroup> described = new ArrayList<>();
        for (String groupId : groupIds) {
            ConsumerGroupDescribeResponseData.DescribedGroup result = new ConsumerGroupDescribeResponseData.DescribedGroup()
                    .setGroupId(groupId);
            described.add(partitions.withGroup(groupId, false, error -> result.setErrorCode(error.code()), (state, group) ->
                    result.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(group == null
                            ? "Group " + groupId + " not found."
                            : "Group " + groupId + " is not a consumer group.")));
        }
        return described;
    }

    /**
     * DeleteGroups: only Empty groups (else NON_EMPTY_GROUP); GROUP_ID_NOT_FOUND for unknown ones. The group is
     * gone from memory at once; its offset tombstones and group tombstone are written before the answer, and if
     * that write fails the group comes back (unless a new one of the same id was created meanwhile).
     */
    CompletableFuture<List<DeleteGroupsResponseData.DeletableGroupResult>> deleteGroups(List<String> groupIds) {
        List<CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult>> results = new ArrayList<>();
        for (String groupId : new LinkedHashSet<>(groupIds)) {
            CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult> future = new CompletableFuture<>();
            results.add(future);
            DeleteGroupsResponseData.DeletableGroupResult result = new DeleteGroupsResponseData.DeletableGroupResult()
                    .setGroupId(groupId);
            partitions.withGroup(groupId, false, error -> future.complete(result.setErrorCode(error.code())), (state, group) -> {
                if (group == null) {
                    return future.complete(result.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
                }
                if (!group.is(GroupState.EMPTY)) {
                    return future.complete(result.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
                }
                delete(state, groupId, group, error -> future.complete(result.setErrorCode(error.code())));
                return true;
            });
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Removes what {@code offsets.retention.minutes} lets go, as Kafka does for classic groups: a group that has
     * been Empty for the retention period and whose every commit is older than it (assign() consumers commit into
     * Empty groups, so their offsets live as long as they keep committing) is deleted with its offsets, tombstones
     * first, exactly as DeleteGroups deletes it.
     *
     * @return how many groups expired
     */
    int expireOffsets() {
        long cutoff = runtime.now() - runtime.config.offsetsRetention().toMillis();
        List<String> candidates = new ArrayList<>();
        partitions.all().stream().filter(s -> !s.loading).forEach(s -> candidates.addAll(s.groups.keySet()));
        int expired = 0;
        for (String groupId : candidates) {
            boolean removed = partitions.withGroup(groupId, false, error -> false, (state, group) -> {
                if (group == null || !group.is(GroupState.EMPTY) || group.stateTimestamp() > cutoff
                        || group.offsets().values().stream().anyMatch(o -> o.commitTimestamp() > cutoff)) {
                    return false;
                }
                int offsets = group.offsets().size();
                delete(state, groupId, group, error -> {
                    if (error == Errors.NONE) {
                        log.info("Expired group {} with {} committed offset(s) after offsets.retention.minutes", groupId, offsets);
                    }
                });
                return true;
            });
            if (removed) {
                expired++;
            }
        }
        return expired;
    }

    /** Deletes an Empty group under its lock, as {@link #deleteGroups} describes; {@code done} gets the write's outcome. */
    private void delete(PartitionState state, String groupId, ClassicGroup group, Consumer<Errors> done) {
        List<CoordinatorRecord> records = new ArrayList<>();
        group.offsets().keySet().forEach(tp ->
                records.add(new CoordinatorRecord.OffsetTombstone(groupId, tp.topic(), tp.partition())));
        records.add(new CoordinatorRecord.GroupTombstone(groupId));
        rebalance.abandon(group, Errors.COORDINATOR_NOT_AVAILABLE);
        group.markDead(runtime.now());
        state.groups.remove(groupId, group);
        runtime.append(group, records, error -> {
            if (error != Errors.NONE) {
                group.revive(runtime.now());
                if (!partitions.isCurrent(state) || state.groups.putIfAbsent(groupId, group) != null) {
                    group.markDead(runtime.now());
                }
            } else {
                log.info("Deleted group {} and {} committed offset(s)", groupId, records.size() - 1);
            }
            group.defer(() -> done.accept(error));
        });
    }
}

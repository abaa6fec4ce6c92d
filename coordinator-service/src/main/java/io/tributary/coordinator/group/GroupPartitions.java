package io.tributary.coordinator.group;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.PartitionLoadListener;

/**
 * The {@code __consumer_offsets} partitions this instance owns and the groups of each. Per partition: not owned
 * (→ NOT_COORDINATOR), loading (→ COORDINATOR_LOAD_IN_PROGRESS), active. Every group operation reaches its group
 * through {@link #withGroup}, under the group's lock.
 */
final class GroupPartitions implements PartitionLoadListener {

    private static final Logger log = LoggerFactory.getLogger(GroupPartitions.class);

    /** One owned partition: loading until its records are replayed, then active. */
    static final class PartitionState {
        final int partition;
        volatile boolean loading = true;
        final ConcurrentHashMap<String, ClassicGroup> groups = new ConcurrentHashMap<>();

        PartitionState(int partition) {
            this.partition = partition;
        }
    }

    private static final Object RETRY = new Object();

    private final GroupRuntime runtime;
    private final Rebalance rebalance;
    private final ConcurrentHashMap<Integer, PartitionState> partitions = new ConcurrentHashMap<>();

    GroupPartitions(GroupRuntime runtime, Rebalance rebalance) {
        this.runtime = runtime;
        this.rebalance = rebalance;
    }

    @Override
    public void loading(int partition) {
        PartitionState previous = partitions.put(partition, new PartitionState(partition));
        if (previous != null) {
            abandon(previous);
        }
        log.info("Loading groups of partition {} of __consumer_offsets", partition);
    }

    @Override
    public void loaded(int partition, List<CoordinatorRecord> replayed) {
        PartitionState state = partitions.computeIfAbsent(partition, PartitionState::new);
        long now = runtime.now();
        for (CoordinatorRecord record : replayed) {
            ClassicGroup group = state.groups.computeIfAbsent(record.group(), id -> new ClassicGroup(id, partition, now));
            if (record instanceof CoordinatorRecord.OffsetCommit commit) {
                group.offsets().put(new TopicPartition(commit.topic(), commit.partition()), commit);
            } else if (record instanceof CoordinatorRecord.OffsetTombstone tombstone) {
                group.offsets().remove(new TopicPartition(tombstone.topic(), tombstone.partition()));
            } else if (record instanceof CoordinatorRecord.GroupMetadata metadata) {
                group.restore(metadata);
            } else if (record instanceof CoordinatorRecord.GroupTombstone) {
                group.reset();
            }
        }
        int members = 0;
        for (ClassicGroup group : List.copyOf(state.groups.values())) {
            if (group.isUnused()) {
                state.groups.remove(group.groupId());
                continue;
            }
            members += group.size();
            // as Kafka: restored members get a fresh session and must heartbeat (or rejoin) within it
            runtime.locked(group, () -> group.members().forEach(m ->
                    rebalance.scheduleSession(group, m, Duration.ofMillis(m.sessionTimeoutMs()))));
        }
        state.loading = false;
        log.info("Loaded partition {} of __consumer_offsets: {} record(s), {} group(s), {} member(s)", partition,
                replayed.size(), state.groups.size(), members);
    }

    @Override
    public void unloaded(int partition) {
        PartitionState state = partitions.remove(partition);
        if (state != null) {
            abandon(state);
            log.info("Unloaded partition {} of __consumer_offsets ({} group(s))", partition, state.groups.size());
        }
    }

    private void abandon(PartitionState state) {
        for (ClassicGroup group : state.groups.values()) {
            runtime.locked(group, () -> {
                rebalance.abandon(group, Errors.NOT_COORDINATOR);
                group.markDead(runtime.now());
            });
        }
    }

    /** The group's partition state, or the error for a group this instance cannot serve now. */
    Object route(String groupId) {
        PartitionState state = partitions.get(runtime.partitionFor(groupId));
        if (state == null) {
            return Errors.NOT_COORDINATOR;
        }
        return state.loading ? Errors.COORDINATOR_LOAD_IN_PROGRESS : state;
    }

    /**
     * Runs {@code op} on the group under its lock ({@code null} if it does not exist and {@code create} is false),
     * or {@code onError} with NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS. A group found Dead after locking was
     * deleted or unloaded meanwhile: look again.
     */
    <T> T withGroup(String groupId, boolean create, Function<Errors, T> onError,
                            BiFunction<PartitionState, ClassicGroup, T> op) {
        while (true) {
            Object routed = route(groupId);
            if (routed instanceof Errors error) {
                return onError.apply(error);
            }
            PartitionState state = (PartitionState) routed;
            ClassicGroup group = create
                    ? state.groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, state.partition, runtime.now()))
                    : state.groups.get(groupId);
            if (group == null) {
                return op.apply(state, null);
            }
            Object result = runtime.locked(group, () -> {
                if (group.is(GroupState.DEAD) || partitions.get(state.partition) != state) {
                    return RETRY;
                }
                T value = op.apply(state, group);
                if (group.isUnused()) {
                    group.markDead(runtime.now());
                    state.groups.remove(groupId, group);
                }
                return value;
            });
            if (result != RETRY) {
                @SuppressWarnings("unchecked")
                T value = (T) result;
                return value;
            }
        }
    }

    /** The owned partitions, loading or active. */
    Collection<PartitionState> all() {
        return partitions.values();
    }

    /** Whether {@code state} is still the owned state of its partition (not unloaded or reloaded meanwhile). */
    boolean isCurrent(PartitionState state) {
        return partitions.get(state.partition) == state;
    }

    /** The state of a group, if this instance serves it. */
    Optional<GroupState> groupState(String groupId) {
        Object routed = route(groupId);
        if (routed instanceof Errors) {
            return Optional.empty();
        }
        ClassicGroup group = ((PartitionState) routed).groups.get(groupId);
        return group == null ? Optional.empty()
                : Optional.of(runtime.locked(group, group::state));
    }

    /** How many groups are in the active partitions (not loading). */
    int groupCount() {
        return partitions.values().stream().filter(s -> !s.loading).mapToInt(s -> s.groups.size()).sum();
    }
}

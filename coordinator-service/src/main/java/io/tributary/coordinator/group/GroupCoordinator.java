package io.tributary.coordinator.group;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.coordinator.log.CoordinatorLog;
import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.PartitionLoadListener;

/**
 * The classic-protocol group coordinator for the {@code __consumer_offsets} partitions this instance owns.
 * <p>
 * Per partition: not owned (→ NOT_COORDINATOR), loading (→ COORDINATOR_LOAD_IN_PROGRESS, except SyncGroup, which
 * the client cannot retry on that code and gets REBALANCE_IN_PROGRESS, making it rejoin), active. Groups live in
 * their partition's map; each group has its own lock, and no caller ever waits for a rebalance: JoinGroup and
 * SyncGroup futures are parked on the member and completed later from whichever thread completes the rebalance.
 * <p>
 * Every state change a client must be able to rely on (an assignment, a commit, a deletion) is acknowledged by
 * the {@link CoordinatorLog} before the client is answered; a failed write is answered with Kafka's translation of
 * the error and nothing is applied in memory (see {@link GroupRuntime#appendError}).
 */
public final class GroupCoordinator implements PartitionLoadListener {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /** What ListGroups/DescribeGroups call a classic group's type. */
    public static final String CLASSIC_GROUP_TYPE = "classic";

    private static final class PartitionState {
        final int partition;
        volatile boolean loading = true;
        final ConcurrentHashMap<String, ClassicGroup> groups = new ConcurrentHashMap<>();

        PartitionState(int partition) {
            this.partition = partition;
        }
    }

    private static final Object RETRY = new Object();

    private final GroupRuntime runtime;
    private final Membership membership;
    private final TopicExistence topics;
    private final ConcurrentHashMap<Integer, PartitionState> partitions = new ConcurrentHashMap<>();

    public GroupCoordinator(GroupConfig config, CoordinatorLog coordinatorLog, TopicExistence topics, Clock clock,
                            Scheduler scheduler) {
        this.runtime = new GroupRuntime(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(coordinatorLog, "coordinatorLog"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(scheduler, "scheduler"));
        this.membership = new Membership(runtime);
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    public GroupConfig config() {
        return runtime.config;
    }

    // ================================================================== partition ownership

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
                    membership.scheduleSession(group, m, java.time.Duration.ofMillis(m.sessionTimeoutMs()))));
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
                membership.abandon(group, Errors.NOT_COORDINATOR);
                group.markDead(runtime.now());
            });
        }
    }

    /** The group's partition state, or the error for a group this instance cannot serve now. */
    private Object route(String groupId) {
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
    private <T> T withGroup(String groupId, boolean create, Function<Errors, T> onError,
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
        withGroup(request.groupId(), memberId.isEmpty(), error -> response.complete(Membership.joinError(memberId, error)),
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
        withGroup(request.groupId(), false, error -> response.complete(Membership.syncError(
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
        Errors error = withGroup(request.groupId(), false, Function.identity(), (state, group) -> group == null
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
        Errors topLevel = withGroup(request.groupId(), false, Function.identity(), (state, group) -> {
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

    // ================================================================== offsets

    public CompletableFuture<OffsetCommitResponseData> commitOffsets(OffsetCommitRequestData request, short version) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<OffsetCommitResponseData.OffsetCommitResponsePartition> all = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic t = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(topic.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                OffsetCommitResponseData.OffsetCommitResponsePartition result =
                        new OffsetCommitResponseData.OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex());
                t.partitions().add(result);
                all.add(result);
            }
            response.topics().add(t);
        }
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            all.forEach(p -> p.setErrorCode(Errors.INVALID_GROUP_ID.code()));
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<OffsetCommitResponseData> future = new CompletableFuture<>();
        int generation = request.generationIdOrMemberEpoch();
        withGroup(request.groupId(), generation < 0, error -> {
            all.forEach(p -> p.setErrorCode(error.code()));
            return future.complete(response);
        }, (state, group) -> {
            Errors invalid = group == null
                    // Kafka: v9+ says the group does not exist; older versions say the generation is wrong
                    ? (version >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION)
                    : validateCommit(group, generation, request.memberId(), request.groupInstanceId());
            if (invalid != Errors.NONE) {
                all.forEach(p -> p.setErrorCode(invalid.code()));
                return future.complete(response);
            }
            long now = runtime.now();
            List<CoordinatorRecord> records = new ArrayList<>();
            List<OffsetCommitResponseData.OffsetCommitResponsePartition> written = new ArrayList<>();
            int i = 0;
            for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
                for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                    OffsetCommitResponseData.OffsetCommitResponsePartition result = all.get(i++);
                    String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                    if (!topics.exists(new TopicPartition(topic.name(), p.partitionIndex()))) {
                        result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    } else if (metadata.length() > runtime.config.offsetMetadataMaxBytes()) {
                        result.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                    } else {
                        records.add(new CoordinatorRecord.OffsetCommit(group.groupId(), topic.name(), p.partitionIndex(),
                                p.committedOffset(), p.committedLeaderEpoch(), metadata, now));
                        written.add(result);
                    }
                }
            }
            if (records.isEmpty()) {
                return future.complete(response);
            }
            group.pendingOffsetWrites++;
            runtime.append(group, records, error -> {
                group.pendingOffsetWrites--;
                if (error == Errors.NONE && !group.is(GroupState.DEAD)) {
                    for (CoordinatorRecord r : records) {
                        CoordinatorRecord.OffsetCommit commit = (CoordinatorRecord.OffsetCommit) r;
                        group.offsets().put(new TopicPartition(commit.topic(), commit.partition()), commit);
                    }
                }
                written.forEach(p -> p.setErrorCode(error.code()));
                group.defer(() -> future.complete(response));
            });
            return true;
        });
        return future;
    }

    /** Kafka's {@code ClassicGroup.validateOffsetCommit}. */
    private static Errors validateCommit(ClassicGroup group, int generation, String memberId, String groupInstanceId) {
        String member = memberId == null ? "" : memberId;
        if (generation < 0 && group.is(GroupState.EMPTY)) {
            return Errors.NONE; // Admin or an assign() consumer: allowed while nobody is a member
        }
        if (generation >= 0 || !member.isEmpty() || groupInstanceId != null) {
            Errors invalid = Membership.validateMember(group, member, groupInstanceId);
            if (invalid != Errors.NONE) {
                return invalid;
            }
            if (generation != group.generationId()) {
                return Errors.ILLEGAL_GENERATION;
            }
        } else if (!group.is(GroupState.EMPTY)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return group.is(GroupState.COMPLETING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /**
     * The committed offsets of one group, in the v8+ layout. {@code topics == null} means every partition with a
     * committed offset. A partition without one gets offset -1 and no error; so does every partition of a group
     * that does not exist (Kafka returns GROUP_ID_NOT_FOUND only for new-protocol consumer groups).
     * {@code requireStable} needs no wait: there are no transactional offsets, and a commit is visible only once
     * written.
     */
    public OffsetFetchResponseData.OffsetFetchResponseGroup fetchOffsets(String groupId,
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> requested, boolean requireStable) {
        OffsetFetchResponseData.OffsetFetchResponseGroup result =
                new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId);
        if (GroupRequestLimits.groupId(groupId) != Errors.NONE) {
            return result.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        return withGroup(groupId, false, error -> result.setErrorCode(error.code()), (state, group) -> {
            Map<TopicPartition, CoordinatorRecord.OffsetCommit> offsets = group == null ? Map.of() : group.offsets();
            Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
            if (requested == null) {
                offsets.values().forEach(c -> topicOf(byTopic, c.topic()).partitions().add(partitionResult(c.partition(), c)));
            } else {
                for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : requested) {
                    OffsetFetchResponseData.OffsetFetchResponseTopics t = topicOf(byTopic, topic.name());
                    for (int partition : topic.partitionIndexes()) {
                        t.partitions().add(partitionResult(partition,
                                offsets.get(new TopicPartition(topic.name(), partition))));
                    }
                }
            }
            result.topics().addAll(byTopic.values());
            return result;
        });
    }

    private static OffsetFetchResponseData.OffsetFetchResponseTopics topicOf(
            Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic, String name) {
        return byTopic.computeIfAbsent(name, n -> new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(n));
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions partitionResult(int partition,
                                                                                        CoordinatorRecord.OffsetCommit commit) {
        OffsetFetchResponseData.OffsetFetchResponsePartitions result =
                new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(partition);
        if (commit == null) {
            return result.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("");
        }
        return result.setCommittedOffset(commit.offset()).setCommittedLeaderEpoch(commit.leaderEpoch())
                .setMetadata(commit.metadata());
    }

    /**
     * OffsetDelete: refused with GROUP_SUBSCRIBED_TO_TOPIC for the topics a non-empty consumer group subscribes
     * to; the others get tombstones, written before the answer.
     */
    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData request) {
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        CompletableFuture<OffsetDeleteResponseData> future = new CompletableFuture<>();
        withGroup(request.groupId(), false, error -> future.complete(response.setErrorCode(error.code())), (state, group) -> {
            if (group == null) {
                return future.complete(response.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
            }
            Set<String> subscribed;
            if (group.is(GroupState.EMPTY)) {
                subscribed = Set.of();
            } else if (ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType())) {
                subscribed = subscribedTopics(group);
            } else {
                return future.complete(response.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
            }
            List<CoordinatorRecord> records = new ArrayList<>();
            Map<TopicPartition, CoordinatorRecord.OffsetCommit> deleted = new LinkedHashMap<>();
            List<OffsetDeleteResponseData.OffsetDeleteResponsePartition> written = new ArrayList<>();
            for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : request.topics()) {
                OffsetDeleteResponseData.OffsetDeleteResponseTopic t = new OffsetDeleteResponseData.OffsetDeleteResponseTopic()
                        .setName(topic.name());
                response.topics().add(t);
                for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                    OffsetDeleteResponseData.OffsetDeleteResponsePartition result =
                            new OffsetDeleteResponseData.OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex());
                    t.partitions().add(result);
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    if (subscribed == null || subscribed.contains(topic.name())) {
                        result.setErrorCode(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code());
                    } else if (group.offsets().containsKey(tp)) {
                        deleted.put(tp, group.offsets().get(tp));
                        records.add(new CoordinatorRecord.OffsetTombstone(group.groupId(), tp.topic(), tp.partition()));
                        written.add(result);
                    }
                }
            }
            if (records.isEmpty()) {
                return future.complete(response);
            }
            runtime.append(group, records, error -> {
                if (error == Errors.NONE) {
                    // only what the tombstones covered: a commit that landed meanwhile is newer and stays
                    deleted.forEach((tp, commit) -> group.offsets().remove(tp, commit));
                    log.info("Deleted {} committed offset(s) of group {}", deleted.size(), group.groupId());
                }
                written.forEach(p -> p.setErrorCode(error.code()));
                group.defer(() -> future.complete(response));
            });
            return true;
        });
        return future;
    }

    /** The topics the members subscribe to; {@code null} (treat all as subscribed) if a subscription is unreadable. */
    private static Set<String> subscribedTopics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        for (GroupMember member : group.members()) {
            if (group.protocolName() == null) {
                return null;
            }
            try {
                ConsumerPartitionAssignor.Subscription subscription =
                        ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(member.metadata(group.protocolName())));
                topics.addAll(subscription.topics());
            } catch (RuntimeException e) {
                return null;
            }
        }
        return topics;
    }

    // ================================================================== administration

    /**
     * Every live group of every active partition, filtered by state name and group type (both case-insensitive;
     * classic groups are of type "classic"). COORDINATOR_LOAD_IN_PROGRESS (with the groups found) while a
     * partition is still loading, so that Admin retries.
     */
    public ListGroupsResponseData listGroups(List<String> statesFilter, List<String> typesFilter) {
        ListGroupsResponseData response = new ListGroupsResponseData();
        boolean classicWanted = typesFilter == null || typesFilter.isEmpty()
                || typesFilter.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(CLASSIC_GROUP_TYPE));
        for (PartitionState state : partitions.values()) {
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
                            .setGroupType(CLASSIC_GROUP_TYPE));
                });
            }
        }
        return response;
    }

    /**
     * DescribeGroups. Members carry metadata and assignment only while Stable (as Kafka). An unknown group is
     * described as Dead; from v6 on with GROUP_ID_NOT_FOUND (KIP-1043), before without an error.
     */
    public List<DescribeGroupsResponseData.DescribedGroup> describeGroups(List<String> groupIds, short version) {
        List<DescribeGroupsResponseData.DescribedGroup> described = new ArrayList<>();
        for (String groupId : groupIds) {
            DescribeGroupsResponseData.DescribedGroup result = new DescribeGroupsResponseData.DescribedGroup()
                    .setGroupId(groupId).setGroupState("").setProtocolType("").setProtocolData("");
            described.add(withGroup(groupId, false, error -> result.setErrorCode(error.code()), (state, group) -> {
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
    public List<ConsumerGroupDescribeResponseData.DescribedGroup> describeConsumerGroups(List<String> groupIds) {
        List<ConsumerGroupDescribeResponseData.DescribedGroup> described = new ArrayList<>();
        for (String groupId : groupIds) {
            ConsumerGroupDescribeResponseData.DescribedGroup result = new ConsumerGroupDescribeResponseData.DescribedGroup()
                    .setGroupId(groupId);
            described.add(withGroup(groupId, false, error -> result.setErrorCode(error.code()), (state, group) ->
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
    public CompletableFuture<List<DeleteGroupsResponseData.DeletableGroupResult>> deleteGroups(List<String> groupIds) {
        List<CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult>> results = new ArrayList<>();
        for (String groupId : new LinkedHashSet<>(groupIds)) {
            CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult> future = new CompletableFuture<>();
            results.add(future);
            DeleteGroupsResponseData.DeletableGroupResult result = new DeleteGroupsResponseData.DeletableGroupResult()
                    .setGroupId(groupId);
            withGroup(groupId, false, error -> future.complete(result.setErrorCode(error.code())), (state, group) -> {
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
    public int expireOffsets() {
        long cutoff = runtime.now() - runtime.config.offsetsRetention().toMillis();
        List<String> candidates = new ArrayList<>();
        partitions.values().stream().filter(s -> !s.loading).forEach(s -> candidates.addAll(s.groups.keySet()));
        int expired = 0;
        for (String groupId : candidates) {
            boolean removed = withGroup(groupId, false, error -> false, (state, group) -> {
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
        membership.abandon(group, Errors.COORDINATOR_NOT_AVAILABLE);
        group.markDead(runtime.now());
        state.groups.remove(groupId, group);
        runtime.append(group, records, error -> {
            if (error != Errors.NONE) {
                group.revive(runtime.now());
                if (partitions.get(state.partition) != state || state.groups.putIfAbsent(groupId, group) != null) {
                    group.markDead(runtime.now());
                }
            } else {
                log.info("Deleted group {} and {} committed offset(s)", groupId, records.size() - 1);
            }
            group.defer(() -> done.accept(error));
        });
    }

    // visible for tests and metrics

    /** The state of a group, if this instance serves it. */
    public java.util.Optional<GroupState> groupState(String groupId) {
        Object routed = route(groupId);
        if (routed instanceof Errors) {
            return java.util.Optional.empty();
        }
        ClassicGroup group = ((PartitionState) routed).groups.get(groupId);
        return group == null ? java.util.Optional.empty()
                : java.util.Optional.of(runtime.locked(group, group::state));
    }

    /** How many groups are in the active partitions (not loading). */
    public int groupCount() {
        return partitions.values().stream().filter(s -> !s.loading).mapToInt(s -> s.groups.size()).sum();
    }
}

package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * What the group coordinator must refuse, sent as raw requests over {@link RawKafkaConnection} to the coordinator
 * that FindCoordinator on the broker names: a JoinGroup whose protocol type or protocols do not fit the group, member
 * metadata of several MB, an OffsetCommit for a topic that does not exist, and an OffsetCommit from a stale
 * generation. After each, the offsets committed before are still there (OffsetFetch), and the coordinator still
 * serves a well-behaved kafka-clients consumer on another group.
 */
class GroupBadInputIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "group-bad-input";
    private static final String PRIOR_GROUP = "committed-before-everything";
    private static final Map<TopicPartition, Long> PRIOR_OFFSETS = Map.of(
            new TopicPartition(TOPIC, 0), 11L, new TopicPartition(TOPIC, 1), 13L);
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final AtomicInteger HEALTH_CHECKS = new AtomicInteger();
    private static final Map<String, Short> ADVERTISED = new ConcurrentHashMap<>();

    @TempDir
    static Path dataDir;

    private static TributaryProcess tributary;

    @BeforeAll
    static void start() {
        tributary = TributaryProcess.startStandalone(dataDir);
        createTopic(tributary.bootstrap(), TOPIC, 2, Map.of());
        try (KafkaConsumer<String, String> consumer = groupConsumer(PRIOR_GROUP)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            PRIOR_OFFSETS.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(offsets, ClientSupport.CLIENT_DEADLINE);
        }
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    /** After every test: offsets committed at the start are intact, and a fresh group commits and reads back. */
    @AfterEach
    void coordinatorStillServesOtherGroups() {
        assertThat(tributary.isAlive()).as("standalone process alive\n%s", tributary.logTail(40)).isTrue();
        try (RawKafkaConnection connection = connectToCoordinator(PRIOR_GROUP)) {
            assertThat(offsetFetch(connection, PRIOR_GROUP)).as("offsets of %s", PRIOR_GROUP).isEqualTo(PRIOR_OFFSETS);
        }
        String group = "health-" + HEALTH_CHECKS.incrementAndGet();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = groupConsumer(group)) {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(3)), ClientSupport.CLIENT_DEADLINE);
            assertThat(consumer.committed(Set.of(tp), ClientSupport.CLIENT_DEADLINE).get(tp).offset())
                    .as("offset committed by a well-behaved consumer in %s", group).isEqualTo(3);
        }
    }

    @Test
    void aJoinWithAProtocolTypeOtherThanTheGroupsIsInconsistent() {
        String group = "typed-group";
        try (RawKafkaConnection first = connectToCoordinator(group);
                RawKafkaConnection second = connectToCoordinator(group)) {
            Member member = stableSingleMember(first, group);
            Map<TopicPartition, Long> committed = Map.of(new TopicPartition(TOPIC, 0), 5L,
                    new TopicPartition(TOPIC, 1), 7L);
            assertThat(offsetCommit(first, group, member.generation, member.id, committed))
                    .as("commit by the group's member").containsOnly(entriesWith(committed, Errors.NONE));

            JoinGroupResponseData rejected = joinNew(second, group, "tributary-unknown-type",
                    protocols("range", subscription()));
            assertThat(Errors.forCode(rejected.errorCode())).as("JoinGroup with protocol type "
                    + "tributary-unknown-type into a consumer group: %s", rejected)
                    .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);

            assertThat(Errors.forCode(heartbeat(first, group, member).errorCode()))
                    .as("heartbeat of the existing member after the rejected join").isEqualTo(Errors.NONE);
            assertThat(offsetFetch(first, group)).as("offsets of %s", group).isEqualTo(committed);
        }
    }

    @Test
    void membersWithNoProtocolInCommonAreInconsistent() {
        String group = "no-common-group";
        try (RawKafkaConnection first = connectToCoordinator(group);
                RawKafkaConnection second = connectToCoordinator(group)) {
            Member member = stableSingleMember(first, group);
            Map<TopicPartition, Long> committed = Map.of(new TopicPartition(TOPIC, 0), 2L);
            assertThat(offsetCommit(first, group, member.generation, member.id, committed))
                    .containsOnly(entriesWith(committed, Errors.NONE));

            JoinGroupResponseData rejected = joinNew(second, group, ConsumerProtocol.PROTOCOL_TYPE,
                    protocols("roundrobin", subscription(), "sticky", subscription()));
            assertThat(Errors.forCode(rejected.errorCode()))
                    .as("JoinGroup offering roundrobin and sticky to a group on range: %s", rejected)
                    .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
            assertThat(Errors.forCode(heartbeat(first, group, member).errorCode()))
                    .as("heartbeat of the existing member after the rejected join").isEqualTo(Errors.NONE);
            assertThat(offsetFetch(first, group)).as("offsets of %s", group).isEqualTo(committed);
        }

        // the same while the group is still forming: the first member's join is parked in the initial delay
        String forming = "no-common-forming-group";
        try (RawKafkaConnection first = connectToCoordinator(forming);
                RawKafkaConnection second = connectToCoordinator(forming)) {
            JoinGroupResponseData required = join(first, forming, "", ConsumerProtocol.PROTOCOL_TYPE,
                    protocols("range", subscription()));
            String memberId = required.errorCode() == Errors.MEMBER_ID_REQUIRED.code() ? required.memberId() : "";
            RequestHeader parked = first.send(joinRequest(first, forming, memberId, ConsumerProtocol.PROTOCOL_TYPE,
                    protocols("range", subscription())));
            try (Admin admin = ClientSupport.admin(tributary.bootstrap())) {
                AtomicReference<GroupState> state = new AtomicReference<>();
                Waiting.atMost(READ_TIMEOUT,
                        () -> forming + " is " + state.get() + ", not forming around the first member").until(() -> {
                    state.set(groupState(admin, forming));
                    return state.get() == GroupState.PREPARING_REBALANCE
                            || state.get() == GroupState.COMPLETING_REBALANCE;
                });
            }
            JoinGroupResponseData rejected = joinNew(second, forming, ConsumerProtocol.PROTOCOL_TYPE,
                    protocols("roundrobin", subscription()));
            assertThat(Errors.forCode(rejected.errorCode()))
                    .as("JoinGroup offering only roundrobin while the group forms on range: %s", rejected)
                    .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
            JoinGroupResponseData joined = ((JoinGroupResponse) first.receive(parked)).data();
            assertThat(Errors.forCode(joined.errorCode())).as("the first member's join: %s", joined)
                    .isEqualTo(Errors.NONE);
            assertThat(joined.protocolName()).isEqualTo("range");
            assertThat(joined.members()).as("members of %s", forming).hasSize(1);
        }
    }

    @Test
    void memberMetadataOfSeveralMegabytesIsRefused() {
        String group = "oversized-group";
        byte[] huge = new byte[5 * 1024 * 1024];
        new Random(5).nextBytes(huge);
        List<String> answers = new ArrayList<>();
        AtomicReference<Errors> refusal = new AtomicReference<>(Errors.NONE);
        try (RawKafkaConnection connection = connectToCoordinator(group)) {
            JoinGroupResponseData joined = joinNew(connection, group, ConsumerProtocol.PROTOCOL_TYPE,
                    protocols("range", huge));
            answers.add("JoinGroup: " + Errors.forCode(joined.errorCode()));
            if (joined.errorCode() != Errors.NONE.code()) {
                refusal.set(Errors.forCode(joined.errorCode()));
            } else {
                SyncGroupResponseData synced = sync(connection, group, new Member(joined.memberId(),
                        joined.generationId(), joined.protocolName()), List.of(new TopicPartition(TOPIC, 0)));
                answers.add("SyncGroup: " + Errors.forCode(synced.errorCode()));
                refusal.set(Errors.forCode(synced.errorCode()));
            }
        }
        assertThat(refusal.get()).as("error for 5 MiB of member metadata (answers %s)", answers)
                .isNotEqualTo(Errors.NONE);

        // a group with ordinary metadata still forms on the same coordinator
        try (RawKafkaConnection connection = connectToCoordinator("after-oversized-group")) {
            stableSingleMember(connection, "after-oversized-group");
        }
    }

    @Test
    void offsetCommitToAnUnknownTopicFailsForThatPartitionOnly() {
        String group = "unknown-topic-group";
        try (RawKafkaConnection connection = connectToCoordinator(group)) {
            Member member = stableSingleMember(connection, group);
            TopicPartition known = new TopicPartition(TOPIC, 0);
            TopicPartition other = new TopicPartition(TOPIC, 1);
            TopicPartition unknown = new TopicPartition("no-such-topic", 0);
            assertThat(offsetCommit(connection, group, member.generation, member.id, Map.of(known, 5L)))
                    .containsOnly(Map.entry(known, Errors.NONE));

            Map<TopicPartition, Errors> errors = offsetCommit(connection, group, member.generation, member.id,
                    Map.of(unknown, 1L, other, 9L));
            assertThat(errors).as("OffsetCommit of %s and %s", unknown, other)
                    .containsEntry(unknown, Errors.UNKNOWN_TOPIC_OR_PARTITION)
                    .containsEntry(other, Errors.NONE);
            assertThat(offsetFetch(connection, group)).as("offsets of %s", group)
                    .isEqualTo(Map.of(known, 5L, other, 9L));
        }
    }

    @Test
    void offsetCommitFromAStaleGenerationIsIllegal() {
        String group = "stale-group";
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (RawKafkaConnection first = connectToCoordinator(group);
                RawKafkaConnection second = connectToCoordinator(group)) {
            Member old = stableSingleMember(first, group);
            assertThat(offsetCommit(first, group, old.generation, old.id, Map.of(tp, 5L)))
                    .containsOnly(Map.entry(tp, Errors.NONE));

            // a second member joins: the group rebalances into the next generation
            JoinGroupResponseData required = join(second, group, "", ConsumerProtocol.PROTOCOL_TYPE,
                    protocols("range", subscription()));
            String secondId = required.errorCode() == Errors.MEMBER_ID_REQUIRED.code() ? required.memberId() : "";
            RequestHeader secondJoin = second.send(joinRequest(second, group, secondId,
                    ConsumerProtocol.PROTOCOL_TYPE, protocols("range", subscription())));
            Waiting.atMost(READ_TIMEOUT, () -> "no rebalance after a second member joined")
                    .until(() -> heartbeat(first, group, old).errorCode()
                            == Errors.REBALANCE_IN_PROGRESS.code());
            JoinGroupResponseData rejoined = join(first, group, old.id, ConsumerProtocol.PROTOCOL_TYPE,
                    protocols("range", subscription()));
            JoinGroupResponseData secondJoined = ((JoinGroupResponse) second.receive(secondJoin)).data();
            assertThat(Errors.forCode(rejoined.errorCode())).as("%s", rejoined).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(secondJoined.errorCode())).as("%s", secondJoined).isEqualTo(Errors.NONE);
            assertThat(rejoined.generationId()).as("generation after the rebalance").isGreaterThan(old.generation);
            Member current = new Member(old.id, rejoined.generationId(), rejoined.protocolName());
            Member other = new Member(secondJoined.memberId(), secondJoined.generationId(),
                    secondJoined.protocolName());
            boolean firstLeads = rejoined.leader().equals(old.id);
            Member leader = firstLeads ? current : other;
            RawKafkaConnection leaderConnection = firstLeads ? first : second;
            RawKafkaConnection followerConnection = firstLeads ? second : first;
            Member follower = firstLeads ? other : current;
            RequestHeader followerSync = followerConnection.send(syncRequest(followerConnection, group, follower,
                    Map.of()));
            assertThat(Errors.forCode(sync(leaderConnection, group, leader, Map.of(leader.id, List.of(tp),
                    follower.id, List.of(new TopicPartition(TOPIC, 1)))).errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(((SyncGroupResponse) followerConnection.receive(followerSync)).data()
                    .errorCode())).isEqualTo(Errors.NONE);

            assertThat(offsetCommit(first, group, old.generation, old.id, Map.of(tp, 9L)))
                    .as("OffsetCommit with generation %d, the group being in %d", old.generation, current.generation)
                    .containsOnly(Map.entry(tp, Errors.ILLEGAL_GENERATION));
            assertThat(offsetFetch(first, group)).as("offsets of %s", group).isEqualTo(Map.of(tp, 5L));

            assertThat(offsetCommit(first, group, current.generation, current.id, Map.of(tp, 6L)))
                    .as("OffsetCommit with the current generation").containsOnly(Map.entry(tp, Errors.NONE));
            assertThat(offsetFetch(first, group)).as("offsets of %s", group).isEqualTo(Map.of(tp, 6L));
        }
    }

    // ---- the group protocol, by hand -----------------------------------------------------------------------------

    /** A member as a JoinGroup answered it. */
    private record Member(String id, int generation, String protocol) {
    }

    /** One member that joins {@code group} on {@code range}, syncs both partitions to itself and is Stable. */
    private static Member stableSingleMember(RawKafkaConnection connection, String group) {
        JoinGroupResponseData joined = joinNew(connection, group, ConsumerProtocol.PROTOCOL_TYPE,
                protocols("range", subscription()));
        assertThat(Errors.forCode(joined.errorCode())).as("JoinGroup into %s: %s", group, joined)
                .isEqualTo(Errors.NONE);
        assertThat(joined.leader()).as("leader of %s", group).isEqualTo(joined.memberId());
        Member member = new Member(joined.memberId(), joined.generationId(), joined.protocolName());
        SyncGroupResponseData synced = sync(connection, group, member, List.of(new TopicPartition(TOPIC, 0),
                new TopicPartition(TOPIC, 1)));
        assertThat(Errors.forCode(synced.errorCode())).as("SyncGroup of %s: %s", group, synced)
                .isEqualTo(Errors.NONE);
        return member;
    }

    /** JoinGroup as a new member: with no member id first and, if the coordinator asks for it, with the one given. */
    private static JoinGroupResponseData joinNew(RawKafkaConnection connection, String group, String protocolType,
            JoinGroupRequestProtocolCollection protocols) {
        JoinGroupResponseData first = join(connection, group, "", protocolType, protocols);
        if (first.errorCode() != Errors.MEMBER_ID_REQUIRED.code()) {
            return first;
        }
        return join(connection, group, first.memberId(), protocolType, protocols);
    }

    private static JoinGroupResponseData join(RawKafkaConnection connection, String group, String memberId,
            String protocolType, JoinGroupRequestProtocolCollection protocols) {
        return ((JoinGroupResponse) connection.call(joinRequest(connection, group, memberId, protocolType,
                protocols))).data();
    }

    private static JoinGroupRequest joinRequest(RawKafkaConnection connection, String group, String memberId,
            String protocolType, JoinGroupRequestProtocolCollection protocols) {
        JoinGroupRequestData data = new JoinGroupRequestData().setGroupId(group).setMemberId(memberId)
                .setSessionTimeoutMs(SESSION_TIMEOUT_MS).setRebalanceTimeoutMs(SESSION_TIMEOUT_MS)
                .setProtocolType(protocolType).setProtocols(protocols.duplicate());
        return new JoinGroupRequest.Builder(data).build(version(connection, ApiKeys.JOIN_GROUP, 9));
    }

    private static SyncGroupResponseData sync(RawKafkaConnection connection, String group, Member leader,
            List<TopicPartition> partitions) {
        return sync(connection, group, leader, Map.of(leader.id, partitions));
    }

    private static SyncGroupResponseData sync(RawKafkaConnection connection, String group, Member member,
            Map<String, List<TopicPartition>> assignments) {
        return ((SyncGroupResponse) connection.call(syncRequest(connection, group, member, assignments))).data();
    }

    private static SyncGroupRequest syncRequest(RawKafkaConnection connection, String group, Member member,
            Map<String, List<TopicPartition>> assignments) {
        List<SyncGroupRequestAssignment> encoded = new ArrayList<>();
        assignments.forEach((memberId, partitions) -> encoded.add(new SyncGroupRequestAssignment()
                .setMemberId(memberId).setAssignment(bytes(ConsumerProtocol.serializeAssignment(
                        new ConsumerPartitionAssignor.Assignment(partitions))))));
        SyncGroupRequestData data = new SyncGroupRequestData().setGroupId(group).setMemberId(member.id)
                .setGenerationId(member.generation).setProtocolType(ConsumerProtocol.PROTOCOL_TYPE)
                .setProtocolName(member.protocol).setAssignments(encoded);
        return new SyncGroupRequest.Builder(data).build(version(connection, ApiKeys.SYNC_GROUP, 5));
    }

    private static HeartbeatResponseData heartbeat(RawKafkaConnection connection, String group, Member member) {
        HeartbeatRequestData data = new HeartbeatRequestData().setGroupId(group).setMemberId(member.id)
                .setGenerationId(member.generation);
        return ((HeartbeatResponse) connection.call(new HeartbeatRequest.Builder(data)
                .build(version(connection, ApiKeys.HEARTBEAT, 4)))).data();
    }

    private static Map<TopicPartition, Errors> offsetCommit(RawKafkaConnection connection, String group,
            int generation, String memberId, Map<TopicPartition, Long> offsets) {
        Map<String, OffsetCommitRequestTopic> topics = new HashMap<>();
        offsets.forEach((tp, offset) -> topics.computeIfAbsent(tp.topic(),
                name -> new OffsetCommitRequestTopic().setName(name)).partitions()
                .add(new OffsetCommitRequestPartition().setPartitionIndex(tp.partition()).setCommittedOffset(offset)));
        OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId(group)
                .setGenerationIdOrMemberEpoch(generation).setMemberId(memberId)
                .setTopics(new ArrayList<>(topics.values()));
        OffsetCommitResponseData response = ((OffsetCommitResponse) connection.call(OffsetCommitRequest.Builder
                .forTopicNames(data).build(version(connection, ApiKeys.OFFSET_COMMIT, 9)))).data();
        Map<TopicPartition, Errors> errors = new HashMap<>();
        response.topics().forEach(topic -> topic.partitions().forEach(p -> errors.put(
                new TopicPartition(topic.name(), p.partitionIndex()), Errors.forCode(p.errorCode()))));
        return errors;
    }

    /** The committed offsets of both partitions of the test topic; a partition with none is left out. */
    private static Map<TopicPartition, Long> offsetFetch(RawKafkaConnection connection, String group) {
        OffsetFetchRequestData data = new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestGroup()
                .setGroupId(group).setTopics(List.of(new OffsetFetchRequestTopics().setName(TOPIC)
                        .setPartitionIndexes(List.of(0, 1))))));
        OffsetFetchResponseData response = ((OffsetFetchResponse) connection.call(OffsetFetchRequest.Builder
                .forTopicNames(data, false).build(version(connection, ApiKeys.OFFSET_FETCH, 9)))).data();
        assertThat(response.groups()).as("OffsetFetch of %s: %s", group, response).hasSize(1);
        OffsetFetchResponseData.OffsetFetchResponseGroup answer = response.groups().get(0);
        assertThat(Errors.forCode(answer.errorCode())).as("OffsetFetch of %s: %s", group, response)
                .isEqualTo(Errors.NONE);
        Map<TopicPartition, Long> committed = new HashMap<>();
        answer.topics().forEach(topic -> topic.partitions().forEach(p -> {
            assertThat(Errors.forCode(p.errorCode())).as("OffsetFetch of %s: %s", group, response)
                    .isEqualTo(Errors.NONE);
            if (p.committedOffset() >= 0) {
                committed.put(new TopicPartition(topic.name(), p.partitionIndex()), p.committedOffset());
            }
        }));
        return committed;
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    /** The coordinator the broker names for {@code group} (retried while it answers COORDINATOR_NOT_AVAILABLE). */
    private static RawKafkaConnection connectToCoordinator(String group) {
        AtomicReference<FindCoordinatorResponseData.Coordinator> found = new AtomicReference<>();
        try (RawKafkaConnection broker = RawKafkaConnection.open("127.0.0.1", tributary.kafkaPort(), READ_TIMEOUT)) {
            short version = version(broker, ApiKeys.FIND_COORDINATOR, 6);
            Waiting.atMost(Duration.ofSeconds(60),
                    () -> "FindCoordinator(" + group + ") answered " + found.get()).until(() -> {
                FindCoordinatorResponseData response = ((FindCoordinatorResponse) broker.call(
                        new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                                .setKeyType(FindCoordinatorRequest.CoordinatorType.GROUP.id())
                                .setCoordinatorKeys(List.of(group))).build(version))).data();
                FindCoordinatorResponseData.Coordinator coordinator = response.coordinators().get(0);
                found.set(coordinator);
                return coordinator.errorCode() == Errors.NONE.code();
            });
        }
        FindCoordinatorResponseData.Coordinator coordinator = found.get();
        assertThat(coordinator.port()).as("coordinator of %s: %s", group, coordinator)
                .isEqualTo(tributary.coordinatorPort());
        RawKafkaConnection connection = RawKafkaConnection.open(coordinator.host(), coordinator.port(), READ_TIMEOUT);
        connection.apiVersions();
        return connection;
    }

    /**
     * {@code preferred}, or the server's highest version of {@code key} if that is lower. Asked once per port (never
     * on a connection with a parked request: its answer would queue behind the parked one).
     */
    private static short version(RawKafkaConnection connection, ApiKeys key, int preferred) {
        short advertised = ADVERTISED.computeIfAbsent(connection.port() + "/" + key, k -> {
            ApiVersionsResponseData.ApiVersion version = connection.apiVersions().apiKeys().find(key.id);
            assertThat(version).as("%s advertised on port %d", key, connection.port()).isNotNull();
            return version.maxVersion();
        });
        return (short) Math.min(preferred, advertised);
    }

    private static JoinGroupRequestProtocolCollection protocols(String name, byte[] metadata) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName(name).setMetadata(metadata));
        return protocols;
    }

    private static JoinGroupRequestProtocolCollection protocols(String name, byte[] metadata, String otherName,
            byte[] otherMetadata) {
        JoinGroupRequestProtocolCollection protocols = protocols(name, metadata);
        protocols.add(new JoinGroupRequestProtocol().setName(otherName).setMetadata(otherMetadata));
        return protocols;
    }

    private static byte[] subscription() {
        return bytes(ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(
                List.of(TOPIC))));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<TopicPartition, Errors>[] entriesWith(Map<TopicPartition, Long> offsets, Errors error) {
        return offsets.keySet().stream().map(tp -> Map.entry(tp, error)).toArray(Map.Entry[]::new);
    }

    private static GroupState groupState(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .groupState();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            return null;
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(String group) {
        return new KafkaConsumer<>(ClientSupport.consumerConfig(tributary.bootstrap(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")));
    }
}

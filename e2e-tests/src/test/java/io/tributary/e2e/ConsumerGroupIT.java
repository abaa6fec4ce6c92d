package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static io.tributary.e2e.ClientSupport.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tributary.e2e.GroupConsumer.AssignmentLog;
import io.tributary.e2e.GroupConsumer.Delivery;
import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * Consumer groups (classic protocol) as kafka-clients 4.4.0 consumers use them, against standalone Tributary and
 * its coordinator: members of one group split the partitions, take over a leaver's partitions within the session
 * timeout, and never own a partition twice in one generation; every built-in assignor gives a complete,
 * non-overlapping assignment; auto-commit and {@code commitSync} persist (as {@code Admin} sees them), and a member
 * that joins later starts exactly at the committed offsets. Every test uses its own topic and group.
 */
class ConsumerGroupIT {

    private static final int SESSION_TIMEOUT_MS = 6000;
    private static final Duration GROUP_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private static TributaryProcess tributary;
    private static Admin admin;

    @BeforeAll
    static void start() {
        tributary = TributaryProcess.startStandalone(dataDir);
        admin = ClientSupport.admin(tributary.bootstrap());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void threeMembersShareSixPartitionsAndTheOtherTwoTakeOverWhenOneLeaves() throws Exception {
        String topic = "shared";
        String group = "sharing-group";
        createTopic(tributary.bootstrap(), topic, 6, Map.of());
        Set<TopicPartition> all = Set.copyOf(partitions(topic, 6));
        AssignmentLog log = new AssignmentLog();
        List<GroupConsumer> members = new ArrayList<>();
        try {
            for (String name : List.of("member-a", "member-b", "member-c")) {
                members.add(GroupConsumer.start(name, groupConfig(group, Map.of()), List.of(topic), log, false));
            }
            Waiting.atMost(GROUP_DEADLINE, () -> "three members owning 2 partitions each, one generation: " + members
                    + "\nlog " + log)
                    .until(() -> stable(members, all)
                            && members.stream().allMatch(m -> m.current().size() == 2));

            GroupConsumer leaver = members.remove(2);
            int generationBefore = members.get(0).generation();
            leaver.close();
            Waiting.atMost(Duration.ofMillis(SESSION_TIMEOUT_MS),
                    () -> "the two remaining members owning all 6 partitions within the session timeout ("
                    + SESSION_TIMEOUT_MS + " ms) after " + leaver.name() + " closed: " + members
                    + "\nlog " + log)
                    .until(() -> stable(members, all)
                            && members.get(0).generation() > generationBefore);
            assertThat(members).allSatisfy(m -> assertThat(m.current()).as("%s", m).isNotEmpty());

            ConsumerGroupDescription description = describe(group);
            assertThat(description.members()).as("members of %s", description).hasSize(2);
            assertDescriptionMatches(description, members);
        } finally {
            members.forEach(GroupConsumer::close);
        }
        assertThat(log.overlaps()).as("partitions owned twice in one generation; log %s", log).isEmpty();
        assertThat(members).allSatisfy(m -> assertThat(m.pollFailures()).as("%s poll failures", m.name())
                .isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"range", "roundrobin", "sticky", "cooperative-sticky"})
    void everyAssignorGivesACompleteNonOverlappingAssignment(String assignor) throws Exception {
        String topicA = "assigned-" + assignor + "-a";
        String topicB = "assigned-" + assignor + "-b";
        String group = "assignor-" + assignor;
        createTopic(tributary.bootstrap(), topicA, 5, Map.of());
        createTopic(tributary.bootstrap(), topicB, 3, Map.of());
        Set<TopicPartition> all = new HashSet<>(partitions(topicA, 5));
        all.addAll(partitions(topicB, 3));
        AssignmentLog log = new AssignmentLog();
        List<GroupConsumer> members = new ArrayList<>();
        try {
            for (String name : List.of("a", "b", "c")) {
                members.add(GroupConsumer.start(assignor + "-" + name, groupConfig(group,
                        Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignorClass(assignor))),
                        List.of(topicA, topicB), log, false));
            }
            Waiting.atMost(GROUP_DEADLINE, () -> "3 members owning all 8 partitions in one generation with " + assignor
                    + ": " + members + "\nlog " + log)
                    .until(() -> stable(members, all)
                            && members.stream().allMatch(m -> !m.current().isEmpty()));

            ConsumerGroupDescription description = describe(group);
            assertThat(description.partitionAssignor()).as("assignor the group chose").isEqualTo(assignor);
            assertDescriptionMatches(description, members);
        } finally {
            members.forEach(GroupConsumer::close);
        }
        assertThat(log.overlaps()).as("partitions owned twice in one generation; log %s", log).isEmpty();
    }

    @Test
    void autoCommitPersistsTheConsumedPositions() throws Exception {
        String topic = "auto-committed";
        String group = "auto-commit-group";
        createTopic(tributary.bootstrap(), topic, 3, Map.of());
        produce(topic, "auto", 300);
        Map<TopicPartition, Long> ends = endOffsets(topic, 3);

        try (GroupConsumer member = GroupConsumer.start("auto-committer", groupConfig(group, Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 200)), List.of(topic), new AssignmentLog(), false)) {
            Waiting.atMost(GROUP_DEADLINE, () -> member.deliveries().size() + " of 300 records consumed")
                    .until(() -> member.deliveries().size() >= 300);
            // the member is still polling: only the auto-commit timer can have committed
            Waiting.atMost(GROUP_DEADLINE, () -> "committed " + committed(group) + ", log ends " + ends)
                    .until(() -> ends.equals(committed(group)));
        }
        assertThat(committed(group)).as("committed offsets of %s after close", group).isEqualTo(ends);
    }

    @Test
    void commitSyncPersistsAndALaterMemberStartsAtTheCommittedOffsets() throws Exception {
        String topic = "sync-committed";
        String group = "sync-commit-group";
        createTopic(tributary.bootstrap(), topic, 3, Map.of());
        produce(topic, "first", 300);
        Map<TopicPartition, Long> ends = endOffsets(topic, 3);
        TopicPartition rewound = new TopicPartition(topic, 0);
        long rewoundTo = ends.get(rewound) / 2;
        assertThat(rewoundTo).as("records in %s", rewound).isPositive();

        try (GroupConsumer member = GroupConsumer.start("sync-committer", groupConfig(group, Map.of()),
                List.of(topic), new AssignmentLog(), false)) {
            Waiting.atMost(GROUP_DEADLINE, () -> member.deliveries().size() + " of 300 records consumed")
                    .until(() -> member.deliveries().size() >= 300);
            member.call(consumer -> {
                consumer.commitSync();
                return null;
            });
            assertThat(committed(group)).as("committed right after commitSync()").isEqualTo(ends);

            // an explicit offset, below the position: the next member must start exactly there
            member.call(consumer -> {
                consumer.commitSync(Map.of(rewound, new OffsetAndMetadata(rewoundTo, "rewound")));
                return null;
            });
            Map<TopicPartition, Long> expected = new HashMap<>(ends);
            expected.put(rewound, rewoundTo);
            assertThat(committed(group)).as("committed right after commitSync(%s=%d)", rewound, rewoundTo)
                    .isEqualTo(expected);
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(rewound).metadata()).isEqualTo("rewound");
        }
        Map<TopicPartition, Long> committedAtClose = committed(group);
        assertThat(committedAtClose.get(rewound)).as("auto-commit is off: close commits nothing")
                .isEqualTo(rewoundTo);

        produce(topic, "second", 150);
        Map<TopicPartition, Long> newEnds = endOffsets(topic, 3);
        Set<String> expected = new HashSet<>();
        newEnds.forEach((tp, end) -> {
            for (long offset = committedAtClose.get(tp); offset < end; offset++) {
                expected.add(tp + "@" + offset);
            }
        });

        // auto.offset.reset=none: a partition without a committed offset fails the poll instead of starting anywhere
        try (GroupConsumer later = GroupConsumer.start("later-member", groupConfig(group, Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")), List.of(topic), new AssignmentLog(), false)) {
            Waiting.atMost(GROUP_DEADLINE,
                    () -> later.deliveries().size() + " of " + expected.size() + " records consumed")
                    .until(() -> later.deliveries().size() >= expected.size()
                            || !later.pollFailures().isEmpty());
            assertThat(later.pollFailures()).as("poll failures of the later member").isEmpty();
            List<String> read = later.deliveries().stream().map(d -> d.partition() + "@" + d.offset()).toList();
            assertThat(read).as("records the later member read").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected);
            Map<TopicPartition, Long> firstRead = later.deliveries().stream().collect(Collectors.toMap(
                    Delivery::partition, Delivery::offset, Math::min));
            assertThat(firstRead).as("first offset read per partition").isEqualTo(committedAtClose);
        }
    }

    /**
     * The coordinator is listed in Metadata (Admin needs its node id there), so clients send it what they send to
     * "any node" (the least loaded one): it must advertise those APIs too, or a producer's InitProducerId or an
     * Admin's DescribeConfigs fails with "The node does not support ..." whenever it happens to be picked.
     */
    @Test
    void everyNodeInMetadataAdvertisesTheApisClientsSendToAnyNode() throws Exception {
        List<ApiKeys> anyNode = List.of(ApiKeys.METADATA, ApiKeys.DESCRIBE_CLUSTER, ApiKeys.FIND_COORDINATOR,
                ApiKeys.LIST_GROUPS, ApiKeys.INIT_PRODUCER_ID, ApiKeys.DESCRIBE_CONFIGS,
                ApiKeys.INCREMENTAL_ALTER_CONFIGS);
        Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        assertThat(nodes).extracting(Node::port).as("nodes in Metadata")
                .contains(tributary.kafkaPort(), tributary.coordinatorPort());
        Map<String, List<ApiKeys>> missing = new HashMap<>();
        for (Node node : nodes) {
            try (RawKafkaConnection connection = RawKafkaConnection.open(node.host(), node.port(),
                    Duration.ofSeconds(15))) {
                ApiVersionsResponseData versions = connection.apiVersions();
                List<ApiKeys> absent = anyNode.stream().filter(key -> versions.apiKeys().find(key.id) == null)
                        .toList();
                if (!absent.isEmpty()) {
                    missing.put("node " + node.id() + " (" + node.host() + ":" + node.port() + ")", absent);
                }
            }
        }
        assertThat(missing).as("any-node APIs missing from ApiVersions").isEmpty();
    }

    /** All members in one generation, with a complete, non-overlapping assignment between them. */
    private static boolean stable(List<GroupConsumer> members, Set<TopicPartition> all) {
        int generation = members.get(0).generation();
        if (generation < 0 || members.stream().anyMatch(m -> m.generation() != generation)) {
            return false;
        }
        List<TopicPartition> owned = members.stream().flatMap(m -> m.current().stream()).toList();
        return owned.size() == all.size() && Set.copyOf(owned).equals(all);
    }

    /** The coordinator's view (DescribeGroups) agrees with what each member was assigned. */
    private static void assertDescriptionMatches(ConsumerGroupDescription description, List<GroupConsumer> members) {
        Map<String, Set<TopicPartition>> described = new HashMap<>();
        for (MemberDescription member : description.members()) {
            described.put(member.clientId(), Set.copyOf(member.assignment().topicPartitions()));
        }
        Map<String, Set<TopicPartition>> seen = new HashMap<>();
        members.forEach(m -> seen.put(m.name(), m.current()));
        assertThat(described).as("assignments in describeConsumerGroups, by client id").isEqualTo(seen);
    }

    private static ConsumerGroupDescription describe(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
    }

    private static Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset != null) {
                    committed.put(tp, offset.offset());
                }
            });
            return committed;
        } catch (Exception e) {
            throw new AssertionError("listConsumerGroupOffsets(" + group + ") failed", e);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        try (KafkaConsumer<String, String> consumer = ClientSupport.consumer(tributary.bootstrap())) {
            return new HashMap<>(consumer.endOffsets(partitions(topic, partitions), ClientSupport.CLIENT_DEADLINE));
        }
    }

    private static void produce(String topic, String prefix, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, prefix + "-key-" + i, prefix + "-" + i));
            }
            producer.flush();
        }
    }

    private static String assignorClass(String assignor) {
        return switch (assignor) {
            case "range" -> RangeAssignor.class.getName();
            case "roundrobin" -> RoundRobinAssignor.class.getName();
            case "sticky" -> StickyAssignor.class.getName();
            case "cooperative-sticky" -> CooperativeStickyAssignor.class.getName();
            default -> throw new IllegalArgumentException(assignor);
        };
    }

    /** Classic protocol, short session (6 s) and heartbeat (1 s), earliest, no auto-commit unless overridden. */
    static Properties groupConfig(String group, Map<String, Object> overrides) {
        Properties props = ClientSupport.consumerConfig(tributary.bootstrap(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500));
        props.putAll(overrides);
        return props;
    }
}

package io.tributary.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.MetadataException.Reason;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicDefaults;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.metadata.zk.ZkPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Three brokers, each its own ZooKeeper session; writes go through one instance, another one watches. */
class TopicAdministrationTest extends ZooKeeperTestSupport {

    private ClusterMetadata first;
    private ClusterMetadata second;

    @BeforeEach
    void threeBrokers() {
        first = broker(1);
        second = broker(2);
        broker(3);
        awaitTrue(() -> first.liveBrokers().size() == 3 && second.liveBrokers().size() == 3);
    }

    @Test
    void createdTopicIsStoredInOneNodeWithItsPartitionStatesAndSeenByAnotherProcess() throws Exception {
        List<TopicMetadata> seenBySecond = new CopyOnWriteArrayList<>();
        second.addListener(new MetadataListener() {
            @Override
            public void onTopicChanged(TopicMetadata topic) {
                seenBySecond.add(topic);
            }
        });

        TopicMetadata created = first.createTopic(new NewTopic("orders", 6, (short) 2, Map.of(),
                Map.of("retention.ms", "60000")), false);

        CuratorFramework raw = client();
        JsonNode node = JsonMapper.shared().readTree(raw.getData().forPath(ZkPaths.topic("orders")));
        assertThat(node.get("topicId").asString()).isEqualTo(created.topicId()).matches("[A-Za-z0-9_-]{22}")
                .doesNotStartWith("-");
        assertThat(node.get("replicas").properties()).hasSize(6);
        assertThat(node.get("configs").get("retention.ms").asString()).isEqualTo("60000");
        for (int p = 0; p < 6; p++) {
            List<Integer> replicas = created.assignment().replicas().get(p);
            assertThat(replicas).hasSize(2).doesNotHaveDuplicates().isSubsetOf(1, 2, 3);
            JsonNode state = JsonMapper.shared().readTree(raw.getData().forPath(ZkPaths.partitionState("orders", p)));
            assertThat(state.get("leader").asInt()).isEqualTo(replicas.get(0));
            assertThat(state.get("leaderEpoch").asInt()).isZero();
            assertThat(state.get("isr").values()).extracting(JsonNode::asInt).containsExactlyElementsOf(replicas);
            assertThat(created.partitions().get(p)).isEqualTo(new PartitionState(replicas.get(0), 0, replicas, 0));
        }
        assertThat(created.assignment().replicas().values().stream()
                .collect(Collectors.groupingBy(r -> r.get(0), Collectors.counting())))
                .as("each broker leads two of six partitions").isEqualTo(Map.of(1, 2L, 2, 2L, 3, 2L));

        assertThat(first.topic("orders")).contains(created);
        awaitTrue(() -> seenBySecond.contains(created));
        assertThat(second.topic("orders")).contains(created);
    }

    @Test
    void topicIdsAreStableAndUnique() {
        String a = first.createTopic(NewTopic.of("a", 1, 1), false).topicId();
        String b = first.createTopic(NewTopic.of("b", 1, 1), false).topicId();
        first.createPartitions("a", 2, null, false);
        first.alterTopicConfigs("a", Map.of("k", Optional.of("v")), false);

        assertThat(a).isNotEqualTo(b);
        awaitTrue(() -> second.topic("a").map(t -> t.partitions().size() == 2
                && t.assignment().configs().containsKey("k")).orElse(false));
        assertThat(second.topic("a").orElseThrow().topicId()).isEqualTo(a);
        assertThat(first.topic("a").orElseThrow().topicId()).isEqualTo(a);
    }

    @Test
    void defaultsApplyToMinusOne() {
        TopicMetadata topic = first.createTopic(NewTopic.of("defaults", -1, -1), false,
                new TopicDefaults(4, (short) 3));

        assertThat(topic.assignment().replicas()).hasSize(4).allSatisfy((p, r) -> assertThat(r).hasSize(3));
    }

    @Test
    void refusals() {
        first.createTopic(NewTopic.of("existing", 1, 1), false);

        assertRefused(() -> first.createTopic(NewTopic.of("a/b", 1, 1), false), Reason.INVALID_TOPIC_NAME,
                "Topic name \"a/b\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
        assertRefused(() -> first.createTopic(NewTopic.of("x".repeat(250), 1, 1), false), Reason.INVALID_TOPIC_NAME,
                "Topic name is illegal, it can't be longer than 249 characters, topic name: " + "x".repeat(250));
        assertRefused(() -> first.createTopic(NewTopic.of(".", 1, 1), false), Reason.INVALID_TOPIC_NAME,
                "Topic name cannot be \".\" or \"..\"");
        assertRefused(() -> first.createTopic(NewTopic.of("", 1, 1), false), Reason.INVALID_TOPIC_NAME,
                "Topic name is illegal, it can't be empty");
        assertRefused(() -> first.createTopic(NewTopic.of("zero", 0, 1), false), Reason.INVALID_PARTITIONS,
                "Number of partitions must be larger than 0.");
        assertRefused(() -> first.createTopic(NewTopic.of("wide", 1, 4), false), Reason.INVALID_REPLICATION_FACTOR,
                "Replication factor: 4 larger than available brokers: 3.");
        assertRefused(() -> first.createTopic(NewTopic.of("existing", 1, 1), false), Reason.TOPIC_ALREADY_EXISTS,
                "Topic 'existing' already exists.");
        assertRefused(() -> first.createTopic(NewTopic.of("existing", 1, 1), true), Reason.TOPIC_ALREADY_EXISTS,
                "Topic 'existing' already exists.");
        assertRefused(() -> first.createTopic(new NewTopic("both", 1, (short) -1, Map.of(0, List.of(1)), Map.of()), false),
                Reason.INVALID_REQUEST, "Both numPartitions or replicationFactor and replicasAssignment were set. "
                        + "Both cannot be used at the same time.");
        assertRefused(() -> first.createTopic(new NewTopic("ghost", -1, (short) -1, Map.of(0, List.of(9)), Map.of()),
                false), Reason.INVALID_REPLICA_ASSIGNMENT,
                "The replica assignment of partition 0 names broker 9, which is not a live broker.");
        assertThat(first.topics()).containsOnlyKeys("existing");
    }

    @Test
    void validateOnlyWritesNothing() throws Exception {
        TopicMetadata wouldBe = first.createTopic(NewTopic.of("dry", 3, 2), true);

        assertThat(wouldBe.topicId()).isEqualTo(KafkaUuid.ZERO);
        assertThat(wouldBe.partitions()).hasSize(3);
        assertThat(client().checkExists().forPath(ZkPaths.topic("dry"))).isNull();
        assertThat(first.topics()).isEmpty();

        first.createTopic(NewTopic.of("dry", 3, 2), false);
        first.createPartitions("dry", 5, null, true);
        first.alterTopicConfigs("dry", Map.of("k", Optional.of("v")), true);
        TopicMetadata stored = first.topic("dry").orElseThrow();
        assertThat(stored.partitions()).hasSize(3);
        assertThat(stored.assignment().configs()).isEmpty();
    }

    @Test
    void explicitAssignmentIsStoredAsGiven() {
        TopicMetadata topic = first.createTopic(new NewTopic("manual", -1, (short) -1,
                Map.of(0, List.of(3, 1), 1, List.of(2, 3)), Map.of()), false);

        assertThat(topic.assignment().replicas()).isEqualTo(Map.of(0, List.of(3, 1), 1, List.of(2, 3)));
        assertThat(topic.partitions().get(0).leader()).isEqualTo(3);
    }

    @Test
    void partitionsOnlyGrow() {
        first.createTopic(NewTopic.of("grow", 3, 2), false);

        TopicMetadata grown = first.createPartitions("grow", 5, null, false);
        assertThat(grown.assignment().replicas()).hasSize(5);
        assertThat(grown.partitions()).hasSize(5);
        assertThat(grown.assignment().replicas().get(4)).hasSize(2);

        TopicMetadata manual = first.createPartitions("grow", 6, List.of(List.of(2, 3)), false);
        assertThat(manual.assignment().replicas().get(5)).containsExactly(2, 3);
        assertThat(manual.partitions().get(5).leader()).isEqualTo(2);

        assertRefused(() -> first.createPartitions("grow", 2, null, false), Reason.INVALID_PARTITIONS,
                "Topic currently has 6 partitions, which is higher than the requested 2. "
                        + "Partitions can only be added, never removed.");
        assertRefused(() -> first.createPartitions("grow", 6, null, false), Reason.INVALID_PARTITIONS,
                "Topic already has 6 partitions.");
        assertRefused(() -> first.createPartitions("nope", 6, null, false), Reason.UNKNOWN_TOPIC,
                "Topic 'nope' does not exist.");
        awaitTrue(() -> second.topic("grow").map(t -> t.partitions().size() == 6).orElse(false));
    }

    @Test
    void concurrentGrowthFromTwoProcessesAddsThePartitionsOnce() throws Exception {
        first.createTopic(NewTopic.of("race", 3, 1), false);
        awaitTrue(() -> second.topic("race").isPresent());

        List<Object> outcomes = race(() -> first.createPartitions("race", 5, null, false),
                () -> second.createPartitions("race", 5, null, false));

        assertThat(outcomes).filteredOn(TopicMetadata.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(MetadataException.class::isInstance).singleElement()
                .extracting(o -> ((MetadataException) o).getMessage()).isEqualTo("Topic already has 5 partitions.");
        awaitTrue(() -> second.topic("race").map(t -> t.partitions().size() == 5).orElse(false));
        assertThat(first.topic("race").orElseThrow().assignment().replicas()).hasSize(5);
    }

    @Test
    void concurrentConfigChangesAreAllKept() throws Exception {
        first.createTopic(NewTopic.of("configs", 1, 1), false);
        awaitTrue(() -> second.topic("configs").isPresent());

        race(() -> alterMany(first, "first"), () -> alterMany(second, "second"));

        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 15; i++) {
            expected.put("first." + i, "v");
            expected.put("second." + i, "v");
        }
        awaitTrue(() -> first.topic("configs").orElseThrow().assignment().configs().equals(expected));

        first.alterTopicConfigs("configs", Map.of("first.0", Optional.empty(), "second.0", Optional.of("w")), false);
        assertThat(first.topic("configs").orElseThrow().assignment().configs())
                .doesNotContainKey("first.0").containsEntry("second.0", "w").hasSize(29);
        assertRefused(() -> first.alterTopicConfigs("nope", Map.of(), false), Reason.UNKNOWN_TOPIC,
                "Topic 'nope' does not exist.");
    }

    @Test
    void partitionStateChangesAreCompareAndSet() {
        TopicMetadata topic = first.createTopic(new NewTopic("isr", -1, (short) -1,
                Map.of(0, List.of(1, 2)), Map.of()), false);
        PartitionState initial = topic.partitions().get(0);
        PartitionState shrunk = new PartitionState(1, 0, List.of(1), 1);
        PartitionState moved = new PartitionState(2, 1, List.of(2), 1);

        assertThat(first.compareAndSetPartitionState("isr", 0, initial, shrunk)).isTrue();
        assertThat(second.compareAndSetPartitionState("isr", 0, initial, moved)).as("stale expectation").isFalse();
        awaitTrue(() -> second.topic("isr").orElseThrow().partitions().get(0).equals(shrunk));
        assertRefused(() -> first.compareAndSetPartitionState("isr", 7, initial, shrunk), Reason.UNKNOWN_TOPIC,
                "Partition isr-7 does not exist.");
    }

    private static Object alterMany(ClusterMetadata metadata, String prefix) {
        for (int i = 0; i < 15; i++) {
            metadata.alterTopicConfigs("configs", Map.of(prefix + "." + i, Optional.of("v")), false);
        }
        return prefix;
    }

    /** Runs both calls at once; each outcome is the result or the MetadataException. */
    private static List<Object> race(Callable<Object> a, Callable<Object> b) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> call : List.of(a, b)) {
                futures.add(threads.submit(() -> {
                    go.await();
                    try {
                        return call.call();
                    } catch (MetadataException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    static void assertRefused(Runnable call, Reason reason, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(MetadataException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessage(message);
    }
}

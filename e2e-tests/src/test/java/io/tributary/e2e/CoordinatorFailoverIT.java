package io.tributary.e2e;

import static io.tributary.e2e.ClientSupport.createTopic;
import static io.tributary.e2e.ClientSupport.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.GroupConsumer.AssignmentLog;
import io.tributary.e2e.GroupConsumer.Commit;
import io.tributary.e2e.GroupConsumer.Delivery;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.Waiting;

/**
 * A group coordinator dies with {@code kill -9} while its group consumes a live stream and commits after every poll.
 * The cluster: ZooKeeper in the test JVM, one broker-service process, two coordinator-service processes (1000 and
 * 1001, 6 s ZooKeeper sessions) that split {@code __consumer_offsets}. Within 30 s the other coordinator owns the
 * group and the members carry on (they commit records produced after the kill through it); the committed offsets
 * never go backwards; no produced record is skipped; and nothing below an offset committed before the kill is
 * delivered again after it (only what the last, unacknowledged commit covered may be).
 */
class CoordinatorFailoverIT {

    private static final String TOPIC = "failover-stream";
    private static final String GROUP = "failover-group";
    private static final int PARTITIONS = 4;
    private static final Duration TAKEOVER_DEADLINE = Duration.ofSeconds(30);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static TestingServer zookeeper;
    private static ServiceProcess broker;
    private static final Map<Integer, ServiceProcess> COORDINATORS = new HashMap<>();
    private static String bootstrap;

    @BeforeAll
    static void startCluster() throws Exception {
        zookeeper = new TestingServer(Ports.free(), tmp.resolve("zk").toFile(), true);
        String zkConnect = zookeeper.getConnectString() + "/tributary";
        int brokerPort = Ports.free();
        bootstrap = "127.0.0.1:" + brokerPort;
        broker = ServiceProcess.startAndAwaitReady(Service.BROKER, List.of("--broker.id=1",
                "--listeners=PLAINTEXT://127.0.0.1:" + brokerPort, "--log.dirs=" + tmp.resolve("broker-logs"),
                "--zookeeper.connect=" + zkConnect), "127.0.0.1", brokerPort);
        for (int id : List.of(1000, 1001)) {
            int port = Ports.free();
            COORDINATORS.put(id, ServiceProcess.startAndAwaitReady(Service.COORDINATOR, List.of(
                    "--coordinator.id=" + id, "--listeners=PLAINTEXT://127.0.0.1:" + port,
                    "--zookeeper.connect=" + zkConnect, "--offsets.topic.replication.factor=1",
                    "--group.initial.rebalance.delay.ms=0", "--zookeeper.session.timeout.ms=6000"),
                    "127.0.0.1", port));
        }
        try (Admin admin = admin()) {
            Waiting.atMost(DEADLINE,
                    () -> "the broker's Metadata lists nodes " + nodeIds(admin) + ", not 1, 1000 and 1001")
                    .until(() -> nodeIds(admin).containsAll(Set.of(1, 1000, 1001)));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        COORDINATORS.values().forEach(ServiceProcess::close);
        if (broker != null) {
            broker.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void theGroupCarriesOnWithTheOtherCoordinatorAndKeepsItsOffsets() throws Exception {
        createTopic(bootstrap, TOPIC, PARTITIONS, Map.of());
        Set<TopicPartition> all = Set.copyOf(partitions(TOPIC, PARTITIONS));
        Map<TopicPartition, ConcurrentSkipListSet<Long>> acked = new ConcurrentHashMap<>();
        all.forEach(tp -> acked.put(tp, new ConcurrentSkipListSet<>()));
        AtomicReference<Exception> produceFailure = new AtomicReference<>();
        Queue<Map<TopicPartition, Long>> samples = new ConcurrentLinkedQueue<>();
        AssignmentLog log = new AssignmentLog();
        List<GroupConsumer> members = new ArrayList<>();
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(bootstrap, Map.of()));
                Admin admin = admin()) {
            // a steady stream of about 500 records a second
            AtomicInteger sequence = new AtomicInteger();
            background.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 5; i++) {
                    int n = sequence.getAndIncrement();
                    producer.send(new ProducerRecord<>(TOPIC, "key-" + n, "value-" + n), (metadata, error) -> {
                        if (error != null) {
                            produceFailure.compareAndSet(null, error);
                        } else {
                            acked.get(new TopicPartition(metadata.topic(), metadata.partition()))
                                    .add(metadata.offset());
                        }
                    });
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            // what Admin sees as committed, every 250 ms, throughout
            background.scheduleWithFixedDelay(() -> {
                Map<TopicPartition, Long> committed = committedOrNull(admin);
                if (committed != null) {
                    samples.add(committed);
                }
            }, 0, 250, TimeUnit.MILLISECONDS);

            for (String name : List.of("failover-a", "failover-b")) {
                members.add(GroupConsumer.start(name, memberConfig(), List.of(TOPIC), log, true));
            }
            Waiting.atMost(DEADLINE, () -> "two members owning all partitions and committing: " + members + " commits "
                    + members.stream().map(m -> m.commits().size()).toList())
                    .until(() -> members.stream().allMatch(m -> !m.current().isEmpty()
                            && m.commits().size() >= 10) && owned(members).equals(all));

            // some history first: a few seconds of stream, consumed and committed
            Waiting.atMost(DEADLINE, () -> "records consumed before the kill: "
                    + members.stream().mapToInt(m -> m.deliveries().size()).sum())
                    .until(() -> members.stream().mapToInt(m -> m.deliveries().size()).sum() >= 2000);

            int coordinatorId = admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS)
                    .get(GROUP).coordinator().id();
            assertThat(coordinatorId).as("coordinator of %s", GROUP).isIn(1000, 1001);
            int survivorId = coordinatorId == 1000 ? 1001 : 1000;
            Map<TopicPartition, Long> beforeKill = committedOrNull(admin);
            assertThat(beforeKill).as("committed offsets before the kill").isNotNull().containsOnlyKeys(all);

            long killedAt = System.nanoTime();
            COORDINATORS.get(coordinatorId).kill9();
            Map<TopicPartition, Long> committedBeforeKill = highestCommitted(members, killedAt);
            Map<TopicPartition, Long> producedBeforeKill = new HashMap<>();
            acked.forEach((tp, offsets) -> producedBeforeKill.put(tp, offsets.isEmpty() ? -1 : offsets.last()));

            Waiting.atMost(TAKEOVER_DEADLINE, () -> "within " + TAKEOVER_DEADLINE + " of killing coordinator "
                    + coordinatorId + ": coordinator now " + coordinatorOrMinusOne(admin) + " (expected " + survivorId
                    + "); records produced before the kill " + producedBeforeKill
                    + "; commits since the kill " + commitsAfter(members, killedAt)
                    + "; commit failures " + members.stream().map(GroupConsumer::commitFailures).toList()
                    + "; poll failures " + members.stream().map(GroupConsumer::pollFailures).toList()
                    + "\n" + COORDINATORS.get(survivorId).describe(40))
                    .failFast(COORDINATORS.get(survivorId).aliveCheck())
                    .until(() -> survivorId == coordinatorOrMinusOne(admin)
                            && committedAfter(members, killedAt, producedBeforeKill));

            background.shutdownNow();
            assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).as("stream stopped").isTrue();
            producer.flush();
            assertThat(produceFailure.get()).as("produce failure").isNull();

            Waiting.atMost(DEADLINE,
                    () -> "records produced but never delivered (first 20): " + missing(acked, members))
                    .until(() -> missing(acked, members).isEmpty());

            Map<TopicPartition, Long> afterKill = committedOrNull(admin);
            assertThat(afterKill).as("committed offsets after the takeover").isNotNull().containsOnlyKeys(all);
            for (TopicPartition tp : all) {
                assertThat(afterKill.get(tp)).as("committed offset of %s after the takeover", tp)
                        .isGreaterThanOrEqualTo(beforeKill.get(tp))
                        .isGreaterThanOrEqualTo(committedBeforeKill.getOrDefault(tp, 0L));
            }
            assertThat(backwards(samples)).as("committed offsets that went backwards between two samples")
                    .isEmpty();
            assertThat(redeliveredBelowCommitted(members, killedAt, committedBeforeKill))
                    .as("records delivered after the kill below the offset committed before it (first 20)")
                    .isEmpty();
            assertThat(members).allSatisfy(m -> assertThat(m.pollFailures()).as("%s poll failures", m.name())
                    .isEmpty());
        } finally {
            background.shutdownNow();
            members.forEach(GroupConsumer::close);
        }
        assertThat(log.overlaps()).as("partitions owned twice in one generation; log %s", log).isEmpty();
    }

    private static Properties memberConfig() {
        return ClientSupport.consumerConfig(bootstrap, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
                // a commitSync with no coordinator gives up after 5 s and the member polls on
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000));
    }

    private static Set<TopicPartition> owned(List<GroupConsumer> members) {
        Set<TopicPartition> owned = new HashSet<>();
        members.forEach(m -> owned.addAll(m.current()));
        return owned;
    }

    /** Per partition, the highest offset a commitSync acknowledged before {@code nanos}. */
    private static Map<TopicPartition, Long> highestCommitted(List<GroupConsumer> members, long nanos) {
        Map<TopicPartition, Long> highest = new HashMap<>();
        for (GroupConsumer member : members) {
            for (Commit commit : member.commits()) {
                if (commit.atNanos() < nanos) {
                    commit.offsets().forEach((tp, offset) -> highest.merge(tp, offset, Math::max));
                }
            }
        }
        return highest;
    }

    private static List<Commit> commitsAfter(List<GroupConsumer> members, long nanos) {
        return members.stream().flatMap(m -> m.commits().stream()).filter(c -> c.atNanos() > nanos).toList();
    }

    /** Whether, for every partition, a commit after {@code nanos} covers a record produced after it. */
    private static boolean committedAfter(List<GroupConsumer> members, long nanos,
            Map<TopicPartition, Long> producedBefore) {
        Map<TopicPartition, Long> highest = new HashMap<>();
        commitsAfter(members, nanos).forEach(c -> c.offsets().forEach((tp, o) -> highest.merge(tp, o, Math::max)));
        return producedBefore.entrySet().stream()
                .allMatch(e -> highest.getOrDefault(e.getKey(), -1L) > e.getValue() + 1);
    }

    private static List<String> missing(Map<TopicPartition, ConcurrentSkipListSet<Long>> acked,
            List<GroupConsumer> members) {
        Set<String> delivered = new HashSet<>();
        members.forEach(m -> m.deliveries().forEach(d -> delivered.add(d.partition() + "@" + d.offset())));
        List<String> missing = new ArrayList<>();
        acked.forEach((tp, offsets) -> offsets.forEach(offset -> {
            if (missing.size() < 20 && !delivered.contains(tp + "@" + offset)) {
                missing.add(tp + "@" + offset);
            }
        }));
        return missing;
    }

    private static List<String> redeliveredBelowCommitted(List<GroupConsumer> members, long killedAt,
            Map<TopicPartition, Long> committedBeforeKill) {
        List<String> redelivered = new ArrayList<>();
        for (GroupConsumer member : members) {
            for (Delivery d : member.deliveries()) {
                if (d.atNanos() > killedAt && d.offset() < committedBeforeKill.getOrDefault(d.partition(), 0L)
                        && redelivered.size() < 20) {
                    redelivered.add(d.member() + " got " + d.partition() + "@" + d.offset() + ", committed "
                            + committedBeforeKill.get(d.partition()));
                }
            }
        }
        return redelivered;
    }

    private static List<String> backwards(Queue<Map<TopicPartition, Long>> samples) {
        List<String> backwards = new ArrayList<>();
        Map<TopicPartition, Long> highest = new HashMap<>();
        int index = 0;
        for (Map<TopicPartition, Long> sample : samples) {
            for (Map.Entry<TopicPartition, Long> e : sample.entrySet()) {
                Long before = highest.get(e.getKey());
                if (before != null && e.getValue() < before) {
                    backwards.add("sample " + index + ": " + e.getKey() + " " + before + " -> " + e.getValue());
                }
                highest.merge(e.getKey(), e.getValue(), Math::max);
            }
            index++;
        }
        return backwards;
    }

    private static Map<TopicPartition, Long> committedOrNull(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP,
                    new ListConsumerGroupOffsetsOptions().timeoutMs(3000))
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset != null) {
                    committed.put(tp, offset.offset());
                }
            });
            return committed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null; // no coordinator right now: the sample is skipped
        }
    }

    private static int coordinatorOrMinusOne(Admin admin) {
        try {
            Node coordinator = admin.describeConsumerGroups(List.of(GROUP)).all().get(5, TimeUnit.SECONDS)
                    .get(GROUP).coordinator();
            return coordinator == null ? -1 : coordinator.id();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static Set<Integer> nodeIds(Admin admin) {
        try {
            Set<Integer> ids = new HashSet<>();
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(5, TimeUnit.SECONDS)
                    .forEach(node -> ids.add(node.id()));
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        } catch (Exception e) {
            return Set.of();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "e2e-failover-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }
}

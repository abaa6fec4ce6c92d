package io.tributary.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.PortForwarder;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;

/**
 * Kafka's named listeners across a real cluster: ZooKeeper, three broker processes and one coordinator process, each
 * with an INTERNAL listener advertised as {@code localhost:<its port>} (the inter-broker listener) and an EXTERNAL one
 * advertised as {@code 127.0.0.1:<a forwarder's port>}: a {@link PortForwarder} in front of each node's EXTERNAL port,
 * which the last test closes.
 * <ul>
 * <li>A client bootstrapped on one listener is handed every node, every partition leader and its group coordinator
 * at their addresses on that listener only.</li>
 * <li>acks=all produce and a consumer group work through each listener.</li>
 * <li>Once every EXTERNAL address is gone, followers still replicate (a topic with {@code min.insync.replicas=3}
 * takes acks=all writes) and groups still commit: replication and the coordinator's own clients use INTERNAL.</li>
 * <li>A start with bad listener settings fails with Kafka's message.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamedListenersIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Four JVMs start at once on a small machine. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(180);
    private static final int COORDINATOR_ID = 1000;
    private static final String PROTOCOL_MAP = "--listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT";

    @TempDir
    static Path tmp;

    private static TestingServer zookeeper;
    private static String zkConnect;
    private static final List<ServiceProcess> NODES = new ArrayList<>();
    private static final List<PortForwarder> FORWARDERS = new ArrayList<>();
    /** node id → its advertised address on each listener */
    private static final Map<Integer, String> INTERNAL = new TreeMap<>();
    private static final Map<Integer, String> EXTERNAL = new TreeMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        zookeeper = new TestingServer(Ports.free(), tmp.resolve("zk").toFile(), true);
        zkConnect = zookeeper.getConnectString() + "/tributary";
        Map<ServiceProcess, Integer> internalPorts = new LinkedHashMap<>();
        for (int id : List.of(1, 2, 3, COORDINATOR_ID)) {
            int internal = Ports.free();
            int external = Ports.free();
            PortForwarder forwarder = PortForwarder.start(Ports.free(), external);
            FORWARDERS.add(forwarder);
            INTERNAL.put(id, "localhost:" + internal);
            EXTERNAL.put(id, "127.0.0.1:" + forwarder.port());
            List<String> args = new ArrayList<>(List.of(
                    "--listeners=INTERNAL://127.0.0.1:" + internal + ",EXTERNAL://127.0.0.1:" + external,
                    "--advertised.listeners=INTERNAL://" + INTERNAL.get(id) + ",EXTERNAL://" + EXTERNAL.get(id),
                    PROTOCOL_MAP, "--inter.broker.listener.name=INTERNAL", "--zookeeper.connect=" + zkConnect,
                    "--default.replication.factor=3", "--min.insync.replicas=2",
                    "--offsets.topic.replication.factor=3"));
            if (id == COORDINATOR_ID) {
                args.addAll(List.of("--coordinator.id=" + id, "--group.initial.rebalance.delay.ms=0"));
            } else {
                args.addAll(List.of("--broker.id=" + id, "--log.dirs=" + tmp.resolve("broker-" + id),
                        "--replica.lag.time.max.ms=10000"));
            }
            Service service = id == COORDINATOR_ID ? Service.COORDINATOR : Service.BROKER;
            ServiceProcess node = ServiceProcess.start(service, service + "-listeners-" + id, args);
            NODES.add(node);
            internalPorts.put(node, internal);
        }
        internalPorts.forEach((node, port) -> node.awaitReady("127.0.0.1", port, START_DEADLINE));
        try (Admin admin = admin(INTERNAL.get(1))) {
            Waiting.atMost(DEADLINE, () -> "Metadata lists " + nodes(admin) + ", not all four nodes\n" + logs())
                    .until(() -> nodes(admin).keySet().equals(INTERNAL.keySet()));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        FORWARDERS.forEach(PortForwarder::close);
        NODES.forEach(ServiceProcess::close);
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    @Order(1)
    void aClientIsHandedEveryAddressOnTheListenerItBootstrappedOn() throws Exception {
        String topic = "addresses";
        try (Admin admin = admin(INTERNAL.get(2))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        for (Map<Integer, String> listener : List.of(EXTERNAL, INTERNAL)) {
            try (Admin admin = admin(listener.get(3))) {
                assertThat(nodes(admin)).as("describeCluster").isEqualTo(listener);
                Waiting.atMost(DEADLINE, () -> "leaders of " + topic + ": " + leaders(admin, topic))
                        .until(() -> leaders(admin, topic).size() == 3);
                assertThat(leaders(admin, topic)).as("partition leaders")
                        .allSatisfy(leader -> assertThat(listener).containsValue(leader));
            }
            try (KafkaProducer<String, String> producer = producer(listener.get(1))) {
                for (PartitionInfo partition : producer.partitionsFor(topic)) {
                    assertThat(listener).as("Metadata's leader of %s", partition)
                            .containsEntry(partition.leader().id(), address(partition.leader()));
                    for (Node replica : partition.replicas()) {
                        assertThat(listener).containsEntry(replica.id(), address(replica));
                    }
                }
            }
        }
    }

    @Test
    @Order(2)
    void producingWithAcksAllAndConsumingInAGroupWorkThroughEachListener() throws Exception {
        for (Map<Integer, String> listener : List.of(EXTERNAL, INTERNAL)) {
            String name = listener == EXTERNAL ? "external" : "internal";
            String topic = "through-" + name;
            try (Admin admin = admin(listener.get(1))) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            }
            List<String> sent = produce(listener.get(2), topic, 30);
            String group = "group-" + name;
            assertThat(consume(listener.get(3), topic, group, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
            try (Admin admin = admin(listener.get(1))) {
                Node coordinator = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(30, TimeUnit.SECONDS).coordinator();
                assertThat(coordinator.id()).isEqualTo(COORDINATOR_ID);
                assertThat(address(coordinator)).as("FindCoordinator's answer").isEqualTo(listener.get(COORDINATOR_ID));
                assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).values()).as("committed offsets").isNotEmpty();
            }
        }
    }

    @Test
    @Order(3)
    void replicationAndTheCoordinatorsWritesUseTheInterBrokerListener() throws Exception {
        FORWARDERS.forEach(PortForwarder::close);
        String topic = "internal-only";
        try (Admin admin = admin(INTERNAL.get(1))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "3")))).all().get(30, TimeUnit.SECONDS);
        }
        // min.insync.replicas=3: each write is acknowledged only once both followers fetched it
        List<String> sent = produce(INTERNAL.get(3), topic, 30);
        assertThat(consume(INTERNAL.get(2), topic, "after-external-is-gone", sent.size()))
                .containsExactlyInAnyOrderElementsOf(sent);
        try (Admin admin = admin(INTERNAL.get(1))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            for (TopicPartitionInfo partition : description.partitions()) {
                assertThat(partition.isr()).as("ISR of partition %d", partition.partition()).hasSize(3);
            }
        }
    }

    @Test
    @Order(4)
    void aStartWithBadListenerSettingsFailsWithKafkasMessage() {
        int port = Ports.free();
        try (ServiceProcess broker = ServiceProcess.start(Service.BROKER, "broker-bad-listeners", List.of(
                "--broker.id=9", "--listeners=INTERNAL://127.0.0.1:" + port, "--log.dirs=" + tmp.resolve("bad"),
                "--zookeeper.connect=" + zkConnect))) {
            assertThat(broker.awaitExit(DEADLINE)).isNotZero();
            assertThat(broker.stderr().lines().toList()).contains("Tributary broker failed to start: Error creating "
                    + "broker listeners from 'INTERNAL://127.0.0.1:" + port + "': No security protocol defined for "
                    + "listener INTERNAL");
        }
        try (ServiceProcess coordinator = ServiceProcess.start(Service.COORDINATOR, "coordinator-bad-listeners",
                List.of("--coordinator.id=1009", "--listeners=INTERNAL://127.0.0.1:" + Ports.free()
                                + ",EXTERNAL://127.0.0.1:" + Ports.free(), PROTOCOL_MAP,
                        "--inter.broker.listener.name=REPLICATION", "--zookeeper.connect=" + zkConnect))) {
            assertThat(coordinator.awaitExit(DEADLINE)).isNotZero();
            assertThat(coordinator.stderr().lines().toList()).contains("Tributary coordinator failed to start: "
                    + "inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid "
                    + "options based on currently configured listeners are INTERNAL,EXTERNAL");
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "e2e-listeners"));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(config);
    }

    private static List<String> produce(String bootstrap, String topic, int count) throws Exception {
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (int i = 0; i < count; i++) {
                String value = topic + "-" + i;
                producer.send(new ProducerRecord<>(topic, "key-" + i, value)).get(60, TimeUnit.SECONDS);
                sent.add(value);
            }
        }
        return sent;
    }

    /** Reads {@code count} values as a member of {@code group}, committing them. */
    private static List<String> consume(String bootstrap, String topic, String group, int count) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Waiting.atMost(DEADLINE, () -> "group " + group + " read " + read.size() + " of " + count + "\n" + logs())
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            read.add(record.value());
                        }
                        return read.size() >= count;
                    });
            consumer.commitSync(Duration.ofSeconds(30));
        }
        return read;
    }

    /** describeCluster: node id → host:port. */
    private static Map<Integer, String> nodes(Admin admin) {
        Map<Integer, String> nodes = new TreeMap<>();
        for (Node node : get(admin.describeCluster().nodes())) {
            nodes.put(node.id(), address(node));
        }
        return nodes;
    }

    /** The addresses of the partitions' leaders, as describeTopics (Metadata) gives them. */
    private static List<String> leaders(Admin admin, String topic) {
        Map<String, TopicDescription> described = new HashMap<>(get(admin.describeTopics(List.of(topic))
                .allTopicNames()));
        return described.get(topic).partitions().stream()
                .filter(p -> p.leader() != null && !p.leader().isEmpty())
                .map(p -> address(p.leader()))
                .collect(Collectors.toList());
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String address(Node node) {
        return node.host() + ":" + node.port();
    }

    private static String logs() {
        Set<String> tails = new TreeSet<>();
        NODES.forEach(node -> tails.add(node.describe(30)));
        return String.join("\n", tails);
    }
}

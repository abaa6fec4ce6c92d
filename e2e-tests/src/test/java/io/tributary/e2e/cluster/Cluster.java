package io.tributary.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;
import io.tributary.e2e.support.ZooKeeperProcess;

/**
 * A running Tributary cluster of separate processes, as {@link TributaryCluster} describes it: the nodes, where to
 * reach them, what Metadata says about partitions and the controller, and kafka-clients factories with string
 * serdes. Each node is killed, frozen and restarted through its {@link ClusterNode}.
 */
public final class Cluster implements AutoCloseable {

    /** The ZooKeeper chroot every node of the cluster uses. */
    private static final String CHROOT = "/tributary";
    private static final int FIRST_COORDINATOR_ID = 1000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final Path root;
    private final ZooKeeperProcess zookeeper;
    private final Map<Integer, ClusterNode> nodes = new LinkedHashMap<>();
    private Admin admin;

    private Cluster(Path root, ZooKeeperProcess zookeeper) {
        this.root = root;
        this.zookeeper = zookeeper;
    }

    /** Starts ZooKeeper, then every node at once, and returns once Metadata lists every node. */
    static Cluster start(TributaryCluster spec) {
        Path root = createRoot();
        Cluster cluster = new Cluster(root, ZooKeeperProcess.start(Ports.free(), root.resolve("zookeeper")));
        try {
            String zkConnect = cluster.zookeeper.connectString() + CHROOT;
            for (int id = 1; id <= spec.brokers(); id++) {
                cluster.add(brokerNode(spec, id, root.resolve("broker-" + id), zkConnect));
            }
            for (int i = 0; i < spec.coordinators(); i++) {
                cluster.add(coordinatorNode(spec, FIRST_COORDINATOR_ID + i, zkConnect));
            }
            cluster.launchAll();
            Set<Integer> all = cluster.nodes.keySet();
            Waiting.atMost(DEADLINE, () -> "Metadata lists nodes " + cluster.nodeIds() + ", not all of " + all
                    + "\n" + cluster.logTails(20))
                    .until(() -> cluster.nodeIds().containsAll(all));
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static ClusterNode brokerNode(TributaryCluster spec, int id, Path dataDir, String zkConnect) {
        int port = Ports.free();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("broker.id", Integer.toString(id));
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("log.dirs", dataDir.toString());
        config.put("zookeeper.connect", zkConnect);
        config.put("zookeeper.session.timeout.ms", Integer.toString(spec.zookeeperSessionTimeoutMs()));
        putAll(config, spec.brokerConfig());
        return new ClusterNode(Service.BROKER, id, port, dataDir, arguments(config));
    }

    private static ClusterNode coordinatorNode(TributaryCluster spec, int id, String zkConnect) {
        int port = Ports.free();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("coordinator.id", Integer.toString(id));
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("zookeeper.connect", zkConnect);
        config.put("zookeeper.session.timeout.ms", Integer.toString(spec.zookeeperSessionTimeoutMs()));
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("offsets.topic.replication.factor", Integer.toString(Math.min(3, spec.brokers())));
        putAll(config, spec.coordinatorConfig());
        return new ClusterNode(Service.COORDINATOR, id, port, null, arguments(config));
    }

    /** {@code name=value} entries over the defaults: one value per name, as Spring reads a repeated option badly. */
    private static void putAll(Map<String, String> config, String[] entries) {
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a name=value setting: " + entry);
            }
            config.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
    }

    private static List<String> arguments(Map<String, String> config) {
        return config.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    private void add(ClusterNode node) {
        nodes.put(node.id(), node);
    }

    /** Starts every process first and then waits for each: JVM start-ups overlap. */
    private void launchAll() {
        nodes.values().forEach(ClusterNode::launch);
        nodes.values().forEach(ClusterNode::awaitReady);
    }

    /** Every node, brokers first, in id order. */
    public List<ClusterNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public List<ClusterNode> brokers() {
        return nodes.values().stream().filter(ClusterNode::isBroker).toList();
    }

    /** The node (broker or coordinator) with this id. */
    public ClusterNode node(int id) {
        ClusterNode node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id + " in " + nodes.keySet());
        }
        return node;
    }

    /** Every broker's address, running or not: what a client is given as {@code bootstrap.servers}. */
    public String bootstrap() {
        return brokers().stream().map(ClusterNode::address).collect(Collectors.joining(","));
    }

    /** The cluster's {@code zookeeper.connect}, chroot included: for a service that reads its registrations. */
    public String zookeeperConnect() {
        return zookeeper.connectString() + CHROOT;
    }

    /** An Admin the cluster owns and closes: short timeouts, so that a question to a dead broker fails fast. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = newAdmin(Map.of());
        }
        return admin;
    }

    /** A new Admin for the caller to close. */
    public Admin newAdmin(Map<String, Object> overrides) {
        Map<String, Object> config = new LinkedHashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "e2e-cluster-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
        config.putAll(overrides);
        return Admin.create(config);
    }

    /** A producer with string serdes; kafka-clients defaults (idempotent, acks=all) unless overridden. */
    public KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    /** Consumer settings with string serdes, from the earliest offset, no auto-commit; no group unless overridden. */
    public Properties consumerConfig(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(overrides);
        return props;
    }

    public KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        return new KafkaConsumer<>(consumerConfig(overrides));
    }

    /**
     * Creates the topic through Admin and waits until Metadata gives every partition a leader and all
     * {@code replicationFactor} replicas.
     */
    public void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> configs) {
        try {
            admin().createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("create topic " + topic + " (" + partitions + " partitions, RF "
                    + replicationFactor + ", " + configs + ") failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Waiting.atMost(DEADLINE, () -> "partitions of " + topic + " without a leader or replicas: "
                + partitions(topic) + "\n" + logTails(20))
                .until(() -> partitions(topic).size() == partitions && partitions(topic).stream()
                        .allMatch(p -> p.leader() >= 0 && p.replicas().size() == replicationFactor));
    }

    /** The topic's partitions as Metadata describes them now; empty if no broker answered within 5 s. */
    public List<PartitionView> partitions(String topic) {
        try {
            TopicDescription description = admin().describeTopics(List.of(topic),
                    new DescribeTopicsOptions().timeoutMs(5000)).allTopicNames().get(6, TimeUnit.SECONDS).get(topic);
            return description.partitions().stream().sorted(Comparator.comparingInt(TopicPartitionInfo::partition))
                    .map(info -> view(topic, info)).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
    }

    /** One partition as Metadata describes it now; empty if no broker answered within 5 s. */
    public Optional<PartitionView> partition(TopicPartition tp) {
        return partitions(tp.topic()).stream().filter(p -> p.partition().equals(tp)).findFirst();
    }

    /** The partition's leader now, {@code -1} if it has none or Metadata could not be had. */
    public int leaderOf(TopicPartition tp) {
        return partition(tp).map(PartitionView::leader).orElse(-1);
    }

    /** Waits (deadline 60 s) until the partition has a leader, a running broker, and returns it. */
    public ClusterNode awaitLeader(TopicPartition tp) {
        Waiting.atMost(DEADLINE, () -> tp + " has no running leader: " + partition(tp) + "\n" + logTails(20))
                .until(() -> {
                    int leader = leaderOf(tp);
                    return leader >= 0 && nodes.containsKey(leader) && node(leader).isRunning();
                });
        return node(leaderOf(tp));
    }

    /**
     * Waits (deadline {@code deadline}) until every partition of the topics has a leader and all its replicas in the
     * ISR.
     */
    public void awaitFullyReplicated(Duration deadline, String... topics) {
        Waiting.atMost(deadline, () -> "partitions not fully replicated within " + deadline + ": "
                + Stream.of(topics).flatMap(t -> partitions(t).stream()).filter(p -> !fullyReplicated(p)).toList()
                + "\n" + logTails(20))
                .until(() -> Stream.of(topics).allMatch(t -> {
                    List<PartitionView> partitions = partitions(t);
                    return !partitions.isEmpty() && partitions.stream().allMatch(Cluster::fullyReplicated);
                }));
    }

    private static boolean fullyReplicated(PartitionView partition) {
        return partition.leader() >= 0 && partition.outOfSync().isEmpty();
    }

    /** The controller's broker id as DescribeCluster gives it; {@code -1} if unknown or no broker answered. */
    public int controllerId() {
        try {
            Node controller = admin().describeCluster(new DescribeClusterOptions().timeoutMs(5000)).controller()
                    .get(6, TimeUnit.SECONDS);
            return controller == null ? -1 : controller.id();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    /** The node ids DescribeCluster lists now; empty if no broker answered within 5 s. */
    public Set<Integer> nodeIds() {
        try {
            Set<Integer> ids = new TreeSet<>();
            admin().describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get(6, TimeUnit.SECONDS)
                    .forEach(node -> ids.add(node.id()));
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        }
    }

    /** The last {@code lines} lines of every node's log and of ZooKeeper's: for failure messages. */
    public String logTails(int lines) {
        StringBuilder tails = new StringBuilder();
        for (ClusterNode node : nodes.values()) {
            tails.append("===== ").append(node).append(" =====\n").append(node.describe(lines)).append('\n');
        }
        return tails.append("===== ").append(zookeeper).append(" =====\n").append(zookeeper.describe(lines))
                .toString();
    }

    /** Kills every node, stops ZooKeeper and deletes the data; the logs stay under target/e2e-logs. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        nodes.values().forEach(ClusterNode::destroy);
        zookeeper.close();
        deleteRecursively(root);
    }

    @Override
    public String toString() {
        return "cluster" + nodes.values() + " on " + zookeeper;
    }

    private static PartitionView view(String topic, TopicPartitionInfo info) {
        Node leader = info.leader();
        return new PartitionView(new TopicPartition(topic, info.partition()),
                leader == null || leader.isEmpty() ? -1 : leader.id(), ids(info.replicas()), ids(info.isr()));
    }

    private static List<Integer> ids(Collection<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("tributary-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

package io.tributary.e2e.deploy.distribution;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.admin.AdminApiClient;
import io.tributary.e2e.admin.AdminResponse;
import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.Waiting;
import io.tributary.e2e.support.ZooKeeperProcess;

/**
 * The server distribution used as the seed uses Kafka's: unpack {@code tributary-VERSION.tar.gz}, edit copies of
 * {@code config/*.properties}, start ZooKeeper, three brokers, a coordinator and the admin API with
 * {@code bin/*-start.sh -daemon}, and stop them with {@code bin/*-stop.sh}, which return once the processes are gone.
 */
class DistributionIT {

    private static final String BROKER = "io.tributary.broker.BrokerApplication";
    private static final String COORDINATOR = "io.tributary.coordinator.CoordinatorApplication";
    private static final String ADMIN_API = "io.tributary.admin.AdminApiApplication";
    private static final String ZOOKEEPER = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    private static final String UNUSED_SETTINGS = "were supplied but are not used by the";

    /** A -daemon start returns at once; a stop waits at most TRIBUTARY_STOP_TIMEOUT (60 s) for the exit. */
    private static final Duration START_SCRIPT_DEADLINE = Duration.ofSeconds(30);
    private static final Duration STOP_SCRIPT_DEADLINE = Duration.ofSeconds(90);
    private static final Duration READY_DEADLINE = Duration.ofMinutes(3);
    private static final Map<String, String> SMALL_JVMS = Map.of(
            "TRIBUTARY_HEAP_OPTS", "-Xmx256m",
            "TRIBUTARY_JVM_PERFORMANCE_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "TRIBUTARY_OPTS", "-Dio.netty.leakDetection.level=PARANOID");

    @TempDir
    Path tempDir;

    @Test
    void aClusterStartsFromTheScriptsServesAndStopsCleanly() throws Exception {
        try (Installation tributary = Installation.unpack(tempDir, SMALL_JVMS)) {
            int zooKeeperPort = Ports.free();
            String zooKeeper = "127.0.0.1:" + zooKeeperPort;
            tributary.configure("zookeeper.properties", "zookeeper-test.properties",
                    Map.of("dataDir", tempDir.resolve("zookeeper").toString(), "clientPort", "" + zooKeeperPort));
            start(tributary, "tributary-zookeeper-start.sh", "zookeeper-test.properties", "zookeeper");
            Waiting.atMost(READY_DEADLINE, () -> "ZooKeeper does not answer ruok\n" + log(tributary, "zookeeper"))
                    .failFast(() -> assertRunning(tributary, ZOOKEEPER, "zookeeper-test.properties", "zookeeper"))
                    .until(() -> "imok".equals(FourLetterWord.ask(zooKeeperPort, "ruok")));

            Map<Integer, Integer> brokerPorts = new LinkedHashMap<>(); // EXTERNAL, for the clients
            for (int id = 1; id <= 3; id++) {
                brokerPorts.put(id, Ports.free());
                Map<String, String> settings = new LinkedHashMap<>(namedListeners(Ports.free(), brokerPorts.get(id)));
                settings.putAll(Map.of(
                        "broker.id", "" + id,
                        "log.dirs", tempDir.resolve(broker(id)).toString(),
                        "zookeeper.connect", zooKeeper,
                        "default.replication.factor", "3",
                        "min.insync.replicas", "2",
                        "server.port", "" + Ports.free()));
                tributary.configure("server.properties", broker(id) + ".properties", settings);
                start(tributary, "tributary-server-start.sh", broker(id) + ".properties", broker(id));
            }
            String bootstrap = brokerPorts.values().stream().map(port -> "127.0.0.1:" + port)
                    .collect(Collectors.joining(","));
            Map<String, String> coordinatorSettings = new LinkedHashMap<>(namedListeners(Ports.free(), Ports.free()));
            coordinatorSettings.putAll(Map.of(
                    "zookeeper.connect", zooKeeper,
                    "offsets.topic.replication.factor", "3",
                    "server.port", "" + Ports.free()));
            tributary.configure("coordinator.properties", "coordinator-test.properties", coordinatorSettings);
            start(tributary, "tributary-coordinator-start.sh", "coordinator-test.properties", "coordinator");
            int adminApiPort = Ports.free();
            tributary.configure("admin-api.properties", "admin-api-test.properties", Map.of(
                    "tributary.admin.bootstrap-servers", bootstrap,
                    "tributary.admin.zookeeper-connect", zooKeeper,
                    "tributary.admin.data-dir", tempDir.resolve("admin-data").toString(),
                    "server.port", "" + adminApiPort));
            start(tributary, "tributary-admin-api-start.sh", "admin-api-test.properties", "admin-api");

            try (Admin admin = admin(bootstrap)) {
                awaitBrokers(tributary, admin, Set.of(1, 2, 3));
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3))).all().get();
                List<String> sent = produce(bootstrap, "orders", 30);
                assertThat(consumeAsGroup(bootstrap, "orders", "billing", sent.size()))
                        .containsExactlyInAnyOrderElementsOf(sent);

                String clusterId = admin.describeCluster().clusterId().get();
                AdminApiClient api = AdminApiClient.onPort(adminApiPort);
                Waiting.atMost(READY_DEADLINE, () -> "the admin API does not serve\n" + log(tributary, "admin-api"))
                        .failFast(() -> assertRunning(tributary, ADMIN_API, "admin-api-test.properties", "admin-api"))
                        .until(() -> serves(api));
                AdminResponse clusters = api.get("/v3/clusters");
                assertThat(clusters.status()).as(clusters.text()).isEqualTo(200);
                assertThat(clusters.body().path("data").get(0).path("cluster_id").asString()).isEqualTo(clusterId);

                for (String service : List.of(broker(1), broker(2), broker(3), "coordinator")) {
                    assertThat(log(tributary, service)).as("the shipped config's keys are all read")
                            .doesNotContain(UNUSED_SETTINGS);
                }

                Map<TopicPartition, Long> endOffsets = endOffsets(admin, "orders");
                stop(tributary, "tributary-server-stop.sh", "config/" + broker(3) + ".properties");
                assertThat(tributary.processes(BROKER, broker(3) + ".properties")).isEmpty();
                assertThat(tributary.processes(BROKER)).hasSize(2);
                assertThat(log(tributary, broker(3))).contains("Log manager shut down cleanly", "Broker 3 stopped");

                int before = log(tributary, broker(3)).length();
                start(tributary, "tributary-server-start.sh", broker(3) + ".properties", broker(3));
                awaitInSync(tributary, admin, "orders", 3);
                String restart = log(tributary, broker(3)).substring(before);
                endOffsets.forEach((partition, end) -> assertThat(restart).as("broker 3 loads what it wrote")
                        .containsPattern("Loaded log " + partition + " with \\d+ segments, log start offset 0, "
                                + "log end offset " + end + ","));
            }

            stop(tributary, "tributary-admin-api-stop.sh");
            assertThat(tributary.processes(ADMIN_API)).isEmpty();
            assertThat(log(tributary, "admin-api")).contains("Graceful shutdown complete",
                    "HikariPool-1 - Shutdown completed.");
            stop(tributary, "tributary-coordinator-stop.sh");
            assertThat(tributary.processes(COORDINATOR)).isEmpty();
            assertThat(log(tributary, "coordinator")).contains("Coordinator 1000 stopped");
            stop(tributary, "tributary-server-stop.sh");
            assertThat(tributary.processes(BROKER)).isEmpty();
            for (int id = 1; id <= 3; id++) {
                assertThat(log(tributary, broker(id))).contains("Broker " + id + " stopped");
            }
            stop(tributary, "tributary-zookeeper-stop.sh");
            assertThat(tributary.processes(ZOOKEEPER)).isEmpty();
            assertThat(tributary.processes()).isEmpty();

            CliResult nothing = tributary.run(STOP_SCRIPT_DEADLINE, Map.of(), "tributary-server-stop.sh");
            assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(1);
            assertThat(nothing.output()).contains("No server to stop");
        }
    }

    @Test
    void aBrokerStartsFromKafka39sServerPropertiesAndNamesTheKeysItDoesNotUse() throws Exception {
        int zooKeeperPort = Ports.free();
        try (ZooKeeperProcess zooKeeper = ZooKeeperProcess.start(zooKeeperPort, tempDir.resolve("zookeeper"));
             Installation tributary = Installation.unpack(tempDir, SMALL_JVMS)) {
            // every key of Kafka 3.9.0's config/server.properties, with its values but for the paths and port
            Path kafkaFile = tributary.write("kafka-3.9-server.properties", """
                    broker.id=0
                    num.network.threads=3
                    num.io.threads=8
                    socket.send.buffer.bytes=102400
                    socket.receive.buffer.bytes=102400
                    socket.request.max.bytes=104857600
                    log.dirs=%s
                    num.partitions=1
                    num.recovery.threads.per.data.dir=1
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    log.retention.hours=168
                    log.retention.check.interval.ms=300000
                    zookeeper.connect=localhost:%d
                    zookeeper.connection.timeout.ms=18000
                    group.initial.rebalance.delay.ms=0
                    """.formatted(tempDir.resolve("kafka-logs"), zooKeeperPort));
            int port = Ports.free();
            start(tributary, "tributary-server-start.sh", "kafka-3.9-server.properties", "kafka-broker",
                    "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                    "--override", "server.port=" + Ports.free());
            String bootstrap = "127.0.0.1:" + port;

            try (Admin admin = admin(bootstrap)) {
                awaitBrokers(tributary, admin, Set.of(0));
                admin.createTopics(List.of(new NewTopic("seed", 1, (short) 1))).all().get();
                List<String> sent = produce(bootstrap, "seed", 3);
                assertThat(read(bootstrap, new TopicPartition("seed", 0), sent.size())).containsExactlyElementsOf(sent);
            }
            String warning = "These configurations in " + kafkaFile + " " + UNUSED_SETTINGS + " broker: ";
            Matcher unused = Pattern.compile(Pattern.quote(warning) + "(.*)").matcher(log(tributary, "kafka-broker"));
            assertThat(unused.find()).as(log(tributary, "kafka-broker")).isTrue();
            assertThat(unused.group(1).split(", ")).containsExactly(
                    "group.initial.rebalance.delay.ms",
                    "num.recovery.threads.per.data.dir",
                    "offsets.topic.replication.factor",
                    "socket.receive.buffer.bytes",
                    "socket.send.buffer.bytes",
                    "transaction.state.log.min.isr",
                    "transaction.state.log.replication.factor");
            assertThat(unused.find()).as("logged once").isFalse();

            stop(tributary, "tributary-server-stop.sh", "config/kafka-3.9-server.properties");
            assertThat(tributary.processes()).isEmpty();
            assertThat(log(tributary, "kafka-broker")).contains("Broker 0 stopped");
        }
    }

    /**
     * Kafka's named listeners as the shipped files describe them: replication and coordinator-to-broker traffic on
     * INTERNAL, the test's clients on EXTERNAL (the ports the test bootstraps from).
     */
    private static Map<String, String> namedListeners(int internalPort, int externalPort) {
        String listeners = "INTERNAL://127.0.0.1:" + internalPort + ",EXTERNAL://127.0.0.1:" + externalPort;
        return Map.of(
                "listeners", listeners,
                "advertised.listeners", listeners,
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL");
    }

    private static String broker(int id) {
        return "server-" + id;
    }

    /** {@code bin/<script> -daemon config/<config> <args>} with its output in {@code logs/<logName>/}. */
    private static void start(Installation tributary, String script, String config, String logName, String... args) {
        List<String> command = new ArrayList<>(List.of("-daemon", "config/" + config));
        command.addAll(List.of(args));
        CliResult started = tributary.run(START_SCRIPT_DEADLINE, logDir(tributary, logName), script,
                command.toArray(String[]::new));
        assertThat(started.exitCode()).as(script + " " + command + ": " + started).isZero();
    }

    private static void stop(Installation tributary, String script, String... args) {
        CliResult stopped = tributary.run(STOP_SCRIPT_DEADLINE, Map.of(), script, args);
        assertThat(stopped.exitCode()).as(script + ": " + stopped).isZero();
    }

    private static Map<String, String> logDir(Installation tributary, String logName) {
        return Map.of("LOG_DIR", tributary.home().resolve("logs").resolve(logName).toString());
    }

    /** What the service wrote to {@code logs/<logName>/<service>.out}. */
    private static String log(Installation tributary, String logName) {
        String file = switch (logName) {
            case "zookeeper", "coordinator", "admin-api" -> logName + ".out";
            default -> "server.out";
        };
        return Installation.read(tributary.home().resolve("logs").resolve(logName).resolve(file));
    }

    private static void assertRunning(Installation tributary, String mainClass, String config, String logName) {
        if (tributary.processes(mainClass, config).isEmpty()) {
            throw new AssertionError(mainClass + " with " + config + " is not running\n" + log(tributary, logName));
        }
    }

    private static void awaitBrokers(Installation tributary, Admin admin, Set<Integer> ids) {
        Waiting.atMost(READY_DEADLINE, () -> "brokers " + ids + " did not all register")
                .failFast(() -> assertThat(tributary.processes(BROKER)).hasSize(ids.size()))
                .until(() -> admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet())
                        .containsAll(ids));
    }

    private static void awaitInSync(Installation tributary, Admin admin, String topic, int brokerId) {
        Waiting.atMost(READY_DEADLINE, () -> "broker " + brokerId + " is not back in every ISR of " + topic + "\n"
                        + log(tributary, broker(brokerId)))
                .until(() -> {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get()
                            .get(topic);
                    return description.partitions().stream().map(TopicPartitionInfo::isr).allMatch(isr ->
                            isr.stream().anyMatch(node -> node.id() == brokerId));
                });
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    /** Sends {@code count} records with acks=all and answers their values. */
    private static List<String> produce(String bootstrap, String topic, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        List<String> values = IntStream.range(0, count).mapToObj(i -> "order-" + i).toList();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }
        return values;
    }

    /** Reads {@code count} records as a member of {@code group} (through the coordinator) and commits them. */
    private static List<String> consumeAsGroup(String bootstrap, String topic, String group, int count) {
        Properties props = consumerProps(bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = poll(consumer, count);
            consumer.commitSync();
            return values;
        }
    }

    private static List<String> read(String bootstrap, TopicPartition partition, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return poll(consumer, count);
        }
    }

    private static List<String> poll(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        Waiting.atMost(READY_DEADLINE, () -> "read " + values.size() + " of " + count + " records")
                .until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        values.add(record.value());
                    }
                    return values.size() >= count;
                });
        return values;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    private static boolean serves(AdminApiClient api) {
        try {
            return api.get("/v3/clusters").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}

package io.tributary.e2e.deploy.compose;

import static io.tributary.e2e.support.KafkaCli.CONSOLE_CONSUMER;
import static io.tributary.e2e.support.KafkaCli.CONSOLE_PRODUCER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.KafkaCli;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml's topology, run as local processes with the settings its containers get (read from
 * {@code docker-compose config}; ports moved to free ones, service names resolved through a hosts file, see
 * {@link LocalTopology}): ZooKeeper, three brokers, two coordinators and the admin API, each started once what it
 * depends on passes its compose healthcheck. Then records go both ways through both kinds of address the file
 * declares: the host's ({@code localhost:9092}, from kafka-clients in this JVM, which cannot resolve the service
 * names) and the compose network's ({@code broker-1:19092}, from Kafka's console tools in their own JVMs that resolve
 * only the service names, as a container does).
 */
class ComposeTopologyIT {

    private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path workDir;

    private static ComposeFile compose;
    private static LocalTopology topology;

    @BeforeAll
    static void startTheComposeTopology() {
        Map<String, String> variables = new HashMap<>();
        variables.put("HOST_IP", null);
        variables.put("TRIBUTARY_ADMIN_PASSWORD", null);
        compose = ComposeFile.resolve(variables);
        topology = LocalTopology.plan(compose, Set.of("localhost"), workDir);
        topology.start();
    }

    @AfterAll
    static void stopIt() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void everyServiceReportsHealthyThroughItsComposeAndImageHealthchecks() {
        for (ComposeService service : compose.defaultServices()) {
            CliResult composeCheck = topology.composeHealthCheck(service.name()).run();
            assertThat(composeCheck.exitCode()).as("%s: %s", service.name(), composeCheck).isZero();
        }
        for (ComposeService service : compose.tributaryServices()) {
            CliResult imageCheck = topology.imageHealthCheck(service.name()).run();
            assertThat(imageCheck.exitCode()).as("%s: %s", service.name(), imageCheck).isZero();
        }
    }

    @Test
    void hostClientsAreHandedTheHostAddressOfEveryNode() throws Exception {
        try (Admin admin = Admin.create(adminConfig(hostBootstrap()))) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);

            Set<String> expected = kafkaNodes().stream().map(node -> "localhost:" + hostListener(node).port())
                    .collect(Collectors.toSet());
            assertThat(nodes).extracting(node -> node.host() + ":" + node.port())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void recordsProducedOnTheHostAreConsumedInTheNetwork() throws Exception {
        String topic = "from-the-host";
        List<String> values = IntStream.range(0, 30).mapToObj(i -> "host-" + i).toList();
        try (Admin admin = Admin.create(adminConfig(hostBootstrap()))) {
            // no replication factor given: the file's default.replication.factor (3) applies
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(partitions(admin, topic)).allSatisfy(partition ->
                    assertThat(partition.replicas()).hasSize(3));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, hostBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                for (String value : values) {
                    producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
                }
            }

            CliResult consumed = KafkaCli.run(CONSOLE_CONSUMER, List.of(topology.networkDns()), null,
                    Duration.ofSeconds(120), "--bootstrap-server", networkBootstrap(), "--topic", topic,
                    "--group", "network-readers", "--from-beginning", "--max-messages", Integer.toString(values.size()),
                    "--timeout-ms", "60000");

            assertThat(consumed.exitCode()).as("%s", consumed).isZero();
            assertThat(consumed.stdout().lines()).as("%s", consumed).containsExactlyInAnyOrderElementsOf(values);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("network-readers")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("offsets the in-network group committed, read from the host").isEqualTo(values.size());
            assertThat(partitions(admin, "__consumer_offsets")).as("__consumer_offsets")
                    .isNotEmpty().allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
        }
    }

    @Test
    void recordsProducedInTheNetworkAreConsumedOnTheHost() throws Exception {
        String topic = "from-the-network";
        List<String> values = IntStream.range(0, 20).mapToObj(i -> "network-" + i).toList();
        try (Admin admin = Admin.create(adminConfig(hostBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }

        // the console producer sends with acks=all unless told otherwise
        CliResult produced = KafkaCli.run(CONSOLE_PRODUCER, List.of(topology.networkDns()),
                String.join("\n", values) + "\n", Duration.ofSeconds(120), "--bootstrap-server", networkBootstrap(),
                "--topic", topic);
        assertThat(produced.exitCode()).as("%s", produced).isZero();

        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, hostBootstrap(), ConsumerConfig.GROUP_ID_CONFIG, "host-readers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Waiting.atMost(CLIENT_DEADLINE, () -> "read on the host: " + read + "\n" + topology.describe())
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                            read.add(record.value());
                        }
                        return read.size() >= values.size();
                    });
            consumer.commitSync(Duration.ofSeconds(30));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void theAdminApiServesTheHostLoopbackToItsOperatorAndSeesTheNetwork() throws Exception {
        ComposeService adminApi = compose.service("admin-api");
        String base = "http://127.0.0.1:" + topology.ports().published(adminApi.ports().get(0).published());
        HttpClient http = HttpClient.newHttpClient();

        assertThat(get(http, base + "/v3/clusters", null).statusCode()).as("without credentials").isEqualTo(401);

        String user = adminApi.env("TRIBUTARY_ADMIN_SECURITY_USERS_0_NAME");
        String password = adminApi.env("TRIBUTARY_ADMIN_SECURITY_USERS_0_PASSWORD").replaceFirst("^\\{noop}", "");
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> clusters = get(http, base + "/v3/clusters", credentials);
        assertThat(clusters.statusCode()).as(clusters.body()).isEqualTo(200);
        String clusterId = JSON.readTree(clusters.body()).get("data").get(0).get("cluster_id").asString();

        HttpResponse<String> brokers = get(http, base + "/v3/clusters/" + clusterId + "/brokers", credentials);
        assertThat(brokers.statusCode()).as(brokers.body()).isEqualTo(200);
        List<String> hosts = new ArrayList<>();
        JSON.readTree(brokers.body()).get("data").forEach(node -> hosts.add(node.get("host").asString()));
        // it bootstraps on the brokers' in-network listener, so it is told the service names
        assertThat(hosts).containsExactlyInAnyOrderElementsOf(kafkaNodes().stream().map(ComposeService::name).toList());
    }

    @Test
    void prometheusTargetsServeTheirMetrics() throws Exception {
        Map<String, Object> prometheus = Monitoring.yaml(Monitoring.mountedFile(compose.service("prometheus"),
                "/etc/prometheus/prometheus.yml"));
        HttpClient http = HttpClient.newHttpClient();
        for (String job : List.of("broker", "coordinator", "admin-api")) {
            for (String target : Monitoring.scrapeTargets(prometheus, job)) {
                String[] hostPort = target.split(":");
                int port = topology.ports().local(hostPort[0], Integer.parseInt(hostPort[1]));
                HttpResponse<String> scraped = get(http, "http://127.0.0.1:" + port
                        + Monitoring.metricsPath(prometheus, job), null);
                assertThat(scraped.statusCode()).as(job + " " + target).isEqualTo(200);
                assertThat(scraped.body()).as(job + " " + target).contains("# TYPE jvm_memory_used_bytes");
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String basicCredentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (basicCredentials != null) {
            request.header("Authorization", "Basic " + basicCredentials);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<TopicPartitionInfo> partitions(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic);
        return description.partitions();
    }

    private static List<ComposeService> kafkaNodes() {
        return compose.tributaryServices().stream().filter(service -> service.environment().containsKey("LISTENERS"))
                .toList();
    }

    private static List<ComposeService> brokers() {
        return kafkaNodes().stream().filter(service -> service.environment().containsKey("BROKER_ID")).toList();
    }

    /** {@code node}'s advertised host listener as it runs here: {@code localhost:<local port>}. */
    private static Listener hostListener(ComposeService node) {
        Map<String, String> environment = topology.environment(node.name());
        String inside = environment.get("INTER_BROKER_LISTENER_NAME");
        return Listener.parseAll(environment.get("ADVERTISED_LISTENERS")).values().stream()
                .filter(listener -> !listener.name().equals(inside)).findFirst().orElseThrow();
    }

    /** The brokers' host addresses the compose file declares, moved to their local ports. */
    private static String hostBootstrap() {
        return brokers().stream().map(broker -> hostListener(broker).address()).collect(Collectors.joining(","));
    }

    /** The brokers' in-network addresses ({@code broker-1:<local port>}), for clients using the hosts file. */
    private static String networkBootstrap() {
        return brokers().stream().map(broker -> {
            Map<String, String> environment = topology.environment(broker.name());
            return Listener.parseAll(environment.get("ADVERTISED_LISTENERS"))
                    .get(environment.get("INTER_BROKER_LISTENER_NAME")).address();
        }).collect(Collectors.joining(","));
    }

    private static Map<String, Object> adminConfig(String bootstrap) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    }
}

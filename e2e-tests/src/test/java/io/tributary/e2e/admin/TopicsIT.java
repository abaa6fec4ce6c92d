package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;

/**
 * The topic resources of the admin API against a standalone process: create (with {@code validate_only}), describe,
 * list with its filters, add partitions, delete, and each error a client can cause, as a precise status and the
 * Kafka error the cluster answered.
 */
class TopicsIT {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static String topics;
    static Admin admin;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        topics = "/v3/clusters/" + api.clusterId() + "/topics";
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        tributary.close();
    }

    private static Map<String, Object> topic(String name, int partitions, int replicationFactor) {
        return Map.of("topic_name", name, "partitions_count", partitions, "replication_factor", replicationFactor);
    }

    /** Waits until GET answers {@code status}: the cluster's metadata reaches every reader a little after a change. */
    private static AdminResponse awaitStatus(String path, int status) {
        List<AdminResponse> last = new ArrayList<>(List.of(api.get(path)));
        Waiting.atMost(Duration.ofSeconds(30), () -> "GET " + path + " last answered " + last.get(0))
                .failFast(tributary.aliveCheck())
                .until(() -> {
                    last.set(0, api.get(path));
                    return last.get(0).status() == status;
                });
        return last.get(0);
    }

    private static void assertProblem(AdminResponse response, int status, String kafkaError) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("kafka_error").asString()).isEqualTo(kafkaError);
        assertThat(response.body().get("type").asString())
                .isEqualTo("urn:tributary:problem:" + kafkaError.toLowerCase().replace('_', '-'));
    }

    private static void assertOwnProblem(AdminResponse response, int status, String slug) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("type").asString()).isEqualTo("urn:tributary:problem:" + slug);
    }

    @Test
    void aTopicIsCreatedDescribedListedAndDeleted() {
        AdminResponse created = api.post(topics, Map.of("topic_name", "orders", "partitions_count", 3,
                "replication_factor", 1, "configs", List.of(Map.of("name", "cleanup.policy", "value", "compact"))));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String self = api.baseUrl() + topics + "/orders";
        assertThat(created.header("Location")).isEqualTo(self);
        JsonNode body = created.body();
        assertThat(body.get("kind").asString()).isEqualTo("KafkaTopic");
        assertThat(body.get("topic_name").asString()).isEqualTo("orders");
        assertThat(body.get("partitions_count").asInt()).isEqualTo(3);
        assertThat(body.get("replication_factor").asInt()).isEqualTo(1);
        assertThat(body.get("is_internal").asBoolean()).isFalse();
        assertThat(body.get("metadata").get("self").asString()).isEqualTo(self);
        assertThat(body.get("metadata").get("resource_name").asString())
                .isEqualTo("crn:///kafka=" + api.clusterId() + "/topic=orders");
        assertThat(body.get("partitions").get("related").asString()).isEqualTo(self + "/partitions");
        assertThat(body.get("configs").get("related").asString()).isEqualTo(self + "/configs");

        AdminResponse described = awaitStatus(topics + "/orders", 200);
        assertThat(described.body().get("partitions_count").asInt()).isEqualTo(3);
        assertThat(described.body().get("replication_factor").asInt()).isEqualTo(1);
        assertThat(names(api.get(topics + "?name_prefix=ord"))).containsExactly("orders");

        AdminResponse deleted = api.delete(topics + "/orders");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertProblem(awaitStatus(topics + "/orders", 404), 404, "UNKNOWN_TOPIC_OR_PARTITION");
        assertProblem(api.delete(topics + "/orders"), 404, "UNKNOWN_TOPIC_OR_PARTITION");
    }

    @Test
    void validateOnlyAnswersTheTopicItWouldCreateAndCreatesNothing() {
        AdminResponse validated = api.post(topics, Map.of("topic_name", "dry-run", "partitions_count", 4,
                "validate_only", true));

        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.header("Location")).isNull();
        assertThat(validated.body().get("partitions_count").asInt()).isEqualTo(4);
        assertProblem(api.get(topics + "/dry-run"), 404, "UNKNOWN_TOPIC_OR_PARTITION");
        assertThat(names(api.get(topics + "?name_prefix=dry-run"))).isEmpty();
    }

    @Test
    void creationErrorsAreTheClustersAnswers() {
        assertThat(api.post(topics, topic("twice", 1, 1)).status()).isEqualTo(201);
        assertProblem(api.post(topics, topic("twice", 1, 1)), 409, "TOPIC_ALREADY_EXISTS");

        AdminResponse tooManyReplicas = api.post(topics, topic("three-replicas", 1, 3));
        assertProblem(tooManyReplicas, 422, "INVALID_REPLICATION_FACTOR");
        assertThat(tooManyReplicas.body().get("detail").asString()).contains("3");
        assertProblem(api.post(topics, topic("rf-beyond-int16", 1, 40_000)), 422, "INVALID_REPLICATION_FACTOR");
        assertProblem(api.post(topics, topic("no-partitions", 0, 1)), 422, "INVALID_PARTITIONS");
        assertProblem(api.post(topics, topic("bad/name", 1, 1)), 422, "INVALID_TOPIC_EXCEPTION");
        assertProblem(api.post(topics, Map.of("topic_name", "bad-config", "configs",
                List.of(Map.of("name", "cleanup.policy", "value", "shred")))), 422, "INVALID_CONFIG");
    }

    @Test
    void malformedBodiesAreBadRequestsNamingWhatIsWrong() {
        AdminResponse unknownField = api.post(topics, Map.of("topic_name", "x", "partition_count", 3));
        assertThat(unknownField.status()).as(unknownField.toString()).isEqualTo(400);
        assertThat(unknownField.header("Content-Type")).startsWith("application/problem+json");

        assertOwnProblem(api.post(topics, Map.of("partitions_count", 3)), 400, "missing-field");
        assertThat(api.post(topics, "{\"topic_name\": ").status()).isEqualTo(400);
        assertThat(api.post(topics, Map.of("topic_name", "x", "partitions_count", "three")).status()).isEqualTo(400);
        assertOwnProblem(api.post(topics, Map.of("topic_name", "dup-configs", "configs", List.of(
                Map.of("name", "retention.ms", "value", "1"), Map.of("name", "retention.ms", "value", "2")))),
                400, "duplicate-config");
        assertProblem(api.get(topics + "/nothing-here"), 404, "UNKNOWN_TOPIC_OR_PARTITION");
    }

    @Test
    void partitionsAreAddedAndAShrinkIsRefusedWithTheProtocolsMessage() throws Exception {
        assertThat(api.post(topics, topic("growing", 2, 1)).status()).isEqualTo(201);
        awaitStatus(topics + "/growing", 200);

        AdminResponse grown = api.patch(topics + "/growing", Map.of("partitions_count", 5));
        assertThat(grown.status()).as(grown.toString()).isEqualTo(200);
        assertThat(grown.body().get("partitions_count").asInt()).isEqualTo(5);
        Waiting.atMost(Duration.ofSeconds(30), () -> "partitions of growing: " + api.get(topics + "/growing"))
                .until(() -> api.get(topics + "/growing").body().get("partitions_count").asInt() == 5);

        String protocolMessage = shrinkThroughTheProtocol("growing", 3);
        AdminResponse shrink = api.patch(topics + "/growing", Map.of("partitions_count", 3));
        assertProblem(shrink, 422, "INVALID_PARTITIONS");
        assertThat(shrink.body().get("detail").asString()).isEqualTo(protocolMessage);
        assertProblem(api.patch(topics + "/growing", Map.of("partitions_count", 5)), 422, "INVALID_PARTITIONS");

        assertProblem(api.patch(topics + "/not-there", Map.of("partitions_count", 5)), 404,
                "UNKNOWN_TOPIC_OR_PARTITION");
        assertOwnProblem(api.patch(topics + "/growing", Map.of()), 400, "missing-field");
    }

    private static String shrinkThroughTheProtocol(String topic, int count) throws Exception {
        try {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(count))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(InvalidPartitionsException.class);
            return e.getCause().getMessage();
        }
        throw new AssertionError("the cluster shrank " + topic);
    }

    @Test
    void internalTopicsAreListedUnlessLeftOut() throws Exception {
        assertThat(api.post(topics, topic("internal-probe", 1, 1)).status()).isEqualTo(201);
        awaitStatus(topics + "/internal-probe", 200);
        admin.alterConsumerGroupOffsets("some-group", Map.of(new TopicPartition("internal-probe", 0),
                new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);

        Waiting.atMost(Duration.ofSeconds(30), () -> "topics: " + api.get(topics))
                .until(() -> names(api.get(topics)).contains("__consumer_offsets"));
        JsonNode offsets = find(api.get(topics), "__consumer_offsets");
        assertThat(offsets.get("is_internal").asBoolean()).isTrue();
        assertThat(names(api.get(topics + "?include_internal=false"))).doesNotContain("__consumer_offsets");
        assertThat(api.get(topics + "?include_internal=maybe").status()).isEqualTo(400);
    }

    @Test
    void badPagingParametersAreBadRequests() {
        assertOwnProblem(api.get(topics + "?page_token=not-a-token!"), 400, "invalid-page-token");
        assertOwnProblem(api.get(topics + "?page_token=aGVsbG8"), 400, "invalid-page-token");
        assertOwnProblem(api.get(topics + "?page_size=0"), 400, "invalid-page-size");
        AdminResponse tooLarge = api.get(topics + "?page_size=1001");
        assertOwnProblem(tooLarge, 400, "invalid-page-size");
        assertThat(tooLarge.body().get("detail").asString()).contains("1000");
        assertThat(api.get(topics + "?page_size=ten").status()).isEqualTo(400);
    }

    @Test
    void anotherClustersTopicsAreNotFound() {
        AdminResponse other = api.get("/v3/clusters/another/topics");
        assertOwnProblem(other, 404, "cluster-not-found");
    }

    static List<String> names(AdminResponse list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body().get("kind").asString()).isEqualTo("KafkaTopicList");
        List<String> names = new ArrayList<>();
        list.body().get("data").forEach(topic -> names.add(topic.get("topic_name").asString()));
        return names;
    }

    private static JsonNode find(AdminResponse list, String name) {
        for (JsonNode topic : list.body().get("data")) {
            if (topic.get("topic_name").asString().equals(name)) {
                return topic;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }
}

package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.AdminApiProcess;
import io.tributary.e2e.support.Waiting;

/**
 * {@code admin-api.jar} as its own process against a cluster of three brokers and a coordinator: with the cluster's
 * ZooKeeper it lists every node with its role, listener and health, and a stopped broker that holds replicas stays
 * listed as OFFLINE; without ZooKeeper (as against any Kafka cluster) it lists what the protocol tells and leaves
 * role, listeners and health out. Its Actuator health and Prometheus metrics are those of a service of its own.
 */
@TributaryCluster(brokers = 3, coordinators = 1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerHealthIT {

    @TempDir
    static Path adminData;
    static AdminApiProcess adminApi;
    static AdminApiClient api;
    static String brokers;

    @BeforeAll
    static void start(Cluster cluster) {
        cluster.createTopic("everywhere", 3, 3, Map.of());
        adminApi = AdminApiProcess.start(cluster.bootstrap(), adminData,
                "--tributary.admin.zookeeper-connect=" + cluster.zookeeperConnect());
        api = AdminApiClient.onPort(adminApi.httpPort());
        AdminApiWaits.whenServing(api, "/v3/clusters");
        brokers = "/v3/clusters/" + api.clusterId() + "/brokers";
    }

    @AfterAll
    static void stop() {
        if (adminApi != null) {
            adminApi.close();
        }
    }

    @Test
    @Order(1)
    void withoutZooKeeperListsWhatTheProtocolTells(Cluster cluster, @TempDir Path plainData) {
        try (AdminApiProcess plain = AdminApiProcess.start(cluster.bootstrap(), plainData)) {
            AdminApiClient plainApi = AdminApiClient.onPort(plain.httpPort());
            AdminResponse list = AdminApiWaits.whenServing(plainApi, brokers);

            assertThat(ids(list)).containsExactly(1, 2, 3, 1000);
            for (JsonNode node : list.body().get("data")) {
                assertThat(node.get("host").asString()).isEqualTo("127.0.0.1");
                assertThat(node.get("port").asInt()).isEqualTo(port(cluster.node(node.get("broker_id").asInt())));
                assertThat(node.get("role").isNull()).isTrue();
                assertThat(node.get("advertised_listeners").isNull()).isTrue();
                assertThat(node.get("health").isNull()).isTrue();
            }
            assertThat(controllers(list)).containsExactly(cluster.controllerId());
        }
    }

    @Test
    @Order(2)
    void listsEveryNodeWithTheControllerRoleListenersAndHealth(Cluster cluster) {
        AdminResponse list = api.get(brokers);

        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list)).containsExactly(1, 2, 3, 1000);
        assertThat(controllers(list)).containsExactly(cluster.controllerId());
        for (JsonNode node : list.body().get("data")) {
            ClusterNode expected = cluster.node(node.get("broker_id").asInt());
            assertThat(node.get("role").asString()).isEqualTo(expected.isBroker() ? "BROKER" : "COORDINATOR");
            assertThat(node.get("health").asString()).isEqualTo("ONLINE");
            JsonNode listener = node.get("advertised_listeners").get(0);
            assertThat(listener.get("name").asString()).isEqualTo("PLAINTEXT");
            assertThat(listener.get("host") + ":" + listener.get("port")).isEqualTo("\"127.0.0.1\":" + port(expected));
        }
    }

    @Test
    @Order(3)
    void servesHealthAndPrometheusMetricsAsEveryService() {
        AdminResponse created = api.post("/v3/clusters/" + api.clusterId() + "/topics",
                Map.of("topic_name", "counted", "partitions_count", 1, "replication_factor", 3));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        AdminResponse health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        JsonNode cluster = health.body().get("components").get("kafkaCluster");
        assertThat(cluster.get("status").asString()).isEqualTo("UP");
        assertThat(cluster.get("details").get("nodes").asInt()).isEqualTo(4);

        List<String> metrics = api.get("/actuator/prometheus").text().lines().toList();
        assertThat(metrics).anySatisfy(line -> assertThat(line).startsWith("tributary_admin_changes_total{")
                .contains("action=\"topic.create\"").contains("service=\"admin-api\"").endsWith(" 1.0"));
        assertThat(metrics).anySatisfy(line -> assertThat(line).startsWith("http_server_requests_seconds_count{")
                .contains("uri=\"/v3/clusters/{cluster_id}/brokers\"").contains("service=\"admin-api\""));
    }

    @Test
    @Order(4)
    void aStoppedBrokerHoldingReplicasIsListedOffline(Cluster cluster) {
        int controller = cluster.controllerId();
        ClusterNode stopped = cluster.brokers().stream().filter(b -> b.id() != controller).findFirst().orElseThrow();

        stopped.stop();

        AtomicReference<AdminResponse> last = new AtomicReference<>();
        Waiting.atMost(Duration.ofSeconds(60), () -> "broker " + stopped.id() + " never showed OFFLINE: " + last.get())
                .failFast(adminApi.aliveCheck())
                .until(() -> {
                    last.set(api.get(brokers + "/" + stopped.id()));
                    return last.get().status() == 200 && "OFFLINE".equals(last.get().body().get("health").asString());
                });
        JsonNode offline = last.get().body();
        assertThat(offline.get("host").isNull()).isTrue();
        assertThat(offline.get("port").isNull()).isTrue();
        assertThat(offline.get("advertised_listeners").size()).isZero();
        assertThat(offline.get("role").asString()).isEqualTo("BROKER");

        AdminResponse list = api.get(brokers);
        assertThat(ids(list)).containsExactly(1, 2, 3, 1000);
        for (JsonNode node : list.body().get("data")) {
            if (node.get("broker_id").asInt() != stopped.id()) {
                assertThat(node.get("health").asString()).as("node " + node.get("broker_id")).isEqualTo("ONLINE");
            }
        }
    }

    private static List<Integer> ids(AdminResponse list) {
        return StreamSupport.stream(list.body().get("data").spliterator(), false)
                .map(node -> node.get("broker_id").asInt())
                .toList();
    }

    private static List<Integer> controllers(AdminResponse list) {
        return StreamSupport.stream(list.body().get("data").spliterator(), false)
                .filter(node -> node.get("is_controller").asBoolean())
                .map(node -> node.get("broker_id").asInt())
                .toList();
    }

    private static int port(ClusterNode node) {
        return Integer.parseInt(node.address().substring(node.address().lastIndexOf(':') + 1));
    }
}

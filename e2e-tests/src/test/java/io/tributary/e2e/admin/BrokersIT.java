package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * The standalone's nodes through {@code /brokers}: broker 1, the controller, and coordinator 1000, each with its role,
 * its advertised listener and its health from ZooKeeper; an unknown or malformed broker id is refused.
 */
class BrokersIT {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static String brokers;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        brokers = "/v3/clusters/" + api.clusterId() + "/brokers";
    }

    @AfterAll
    static void stop() {
        tributary.close();
    }

    @Test
    void listsTheBrokerAndTheCoordinatorWithRoleListenersAndHealth() {
        AdminResponse list = api.get(brokers);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("kind").asString()).isEqualTo("KafkaBrokerList");
        assertThat(list.body().get("metadata").get("self").asString()).isEqualTo(api.baseUrl() + brokers);
        JsonNode data = list.body().get("data");
        assertThat(data.size()).isEqualTo(2);

        JsonNode broker = data.get(0);
        assertThat(broker.get("kind").asString()).isEqualTo("KafkaBroker");
        assertThat(broker.get("broker_id").asInt()).isEqualTo(1);
        assertThat(broker.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(broker.get("port").asInt()).isEqualTo(tributary.kafkaPort());
        assertThat(broker.get("rack").isNull()).isTrue();
        assertThat(broker.get("is_controller").asBoolean()).isTrue();
        assertThat(broker.get("role").asString()).isEqualTo("BROKER");
        assertThat(broker.get("health").asString()).isEqualTo("ONLINE");
        assertThat(broker.get("advertised_listeners").size()).isEqualTo(1);
        JsonNode listener = broker.get("advertised_listeners").get(0);
        assertThat(listener.get("name").asString()).isEqualTo("PLAINTEXT");
        assertThat(listener.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(listener.get("port").asInt()).isEqualTo(tributary.kafkaPort());
        assertThat(broker.get("metadata").get("self").asString()).isEqualTo(api.baseUrl() + brokers + "/1");
        assertThat(broker.get("metadata").get("resource_name").asString())
                .isEqualTo("crn:///kafka=" + api.clusterId() + "/broker=1");

        JsonNode coordinator = data.get(1);
        assertThat(coordinator.get("broker_id").asInt()).isEqualTo(1000);
        assertThat(coordinator.get("role").asString()).isEqualTo("COORDINATOR");
        assertThat(coordinator.get("port").asInt()).isEqualTo(tributary.coordinatorPort());
        assertThat(coordinator.get("is_controller").asBoolean()).isFalse();
        assertThat(coordinator.get("health").asString()).isEqualTo("ONLINE");
    }

    @Test
    void describesOneNode() {
        AdminResponse coordinator = api.get(brokers + "/1000");

        assertThat(coordinator.status()).isEqualTo(200);
        assertThat(coordinator.body().get("broker_id").asInt()).isEqualTo(1000);
        assertThat(coordinator.body().get("role").asString()).isEqualTo("COORDINATOR");
        assertThat(coordinator.body().get("cluster_id").asString()).isEqualTo(api.clusterId());
    }

    @Test
    void anUnknownBrokerIsNotFound() {
        AdminResponse missing = api.get(brokers + "/7");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.body().get("type").asString()).isEqualTo("urn:tributary:problem:broker-not-found");
        assertThat(missing.body().get("detail").asString()).isEqualTo("Broker 7 is not a node of cluster "
                + api.clusterId());
    }

    @Test
    void aBrokerIdThatIsNotANumberIsABadRequest() {
        AdminResponse malformed = api.get(brokers + "/one");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(malformed.body().get("detail").asString()).contains("broker_id").contains("one");
    }
}

package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * The standalone jar serves the admin API on its HTTP port: the cluster resource, and a 404 problem for any other
 * cluster's id.
 */
class ClusterResourceIT {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
    }

    @AfterAll
    static void stop() {
        tributary.close();
    }

    @Test
    void listsTheOneClusterWithLinksToItsResources() {
        AdminResponse clusters = AdminApiWaits.whenServing(api, "/v3/clusters");

        assertThat(clusters.status()).isEqualTo(200);
        assertThat(clusters.body().get("kind").asString()).isEqualTo("KafkaClusterList");
        var cluster = clusters.body().get("data").get(0);
        String clusterId = cluster.get("cluster_id").asString();
        assertThat(clusterId).isNotBlank();
        assertThat(cluster.get("metadata").get("resource_name").asString()).isEqualTo("crn:///kafka=" + clusterId);
        assertThat(cluster.get("topics").get("related").asString())
                .isEqualTo(api.baseUrl() + "/v3/clusters/" + clusterId + "/topics");
        assertThat(cluster.get("controller").get("related").asString())
                .isEqualTo(api.baseUrl() + "/v3/clusters/" + clusterId + "/brokers/1");

        AdminResponse one = api.get("/v3/clusters/" + clusterId);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("cluster_id").asString()).isEqualTo(clusterId);
    }

    @Test
    void anotherClustersIdIsNotFound() {
        AdminApiWaits.whenServing(api, "/v3/clusters");

        AdminResponse missing = api.get("/v3/clusters/not-this-one");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.body().get("type").asString()).isEqualTo("urn:tributary:problem:cluster-not-found");
        assertThat(missing.body().get("detail").asString()).contains("not-this-one");
    }
}

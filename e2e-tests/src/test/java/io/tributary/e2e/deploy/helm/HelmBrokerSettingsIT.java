package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.DeployTools;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.ZooKeeperProcess;

/**
 * The settings the chart renders are what the services accept: the three broker pods, a coordinator pod and the admin
 * API of the default values run as processes with exactly their rendered properties file, args and environment (see
 * {@link HelmPod} for the few remaps one machine needs), their pod DNS names resolved to 127.0.0.1. They start,
 * register, become ready on the probes' paths, answer Metadata with each node's pod DNS name, log no unused setting,
 * the admin API serves on its pod address to the operator of the rendered Secret only, and the chart's
 * {@code helm test} script passes against them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmBrokerSettingsIT {

    private static final Duration READY_DEADLINE = Duration.ofSeconds(240);
    private static final String UNUSED_WARNING = "were supplied but are not used by the";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Path tempDir;
    private Manifests manifests;
    private ZooKeeperProcess zookeeper;
    private Path hostsFile;
    private final List<HelmPod> pods = new ArrayList<>();

    @BeforeAll
    void startTheRenderedCluster(@TempDir Path dir) throws IOException {
        tempDir = dir;
        manifests = HelmChart.template();
        zookeeper = ZooKeeperProcess.start(Ports.free(), Files.createDirectories(tempDir.resolve("zookeeper")));
        hostsFile = hostsFile();
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            pods.add(HelmPod.start(manifests, Service.BROKER, "tributary-broker", ordinal, tempDir, hostsFile,
                    port(zookeeper)));
        }
        // in two waves, not five JVMs starting at once on a shared machine
        pods.forEach(pod -> pod.awaitReady(READY_DEADLINE));
        pods.add(HelmPod.start(manifests, Service.COORDINATOR, "tributary-coordinator", 0, tempDir, hostsFile,
                port(zookeeper)));
        pods.add(HelmPod.startAdminApi(manifests, tempDir, hostsFile, port(zookeeper), pods.get(0).kafkaPort()));
        pods.subList(3, 5).forEach(pod -> pod.awaitReady(READY_DEADLINE));
    }

    @AfterAll
    void stop() {
        // the admin API and the coordinator first, the brokers last: each stops against a cluster still up
        AssertionError failed = new AssertionError("stopping the pods' processes failed");
        for (int i = pods.size() - 1; i >= 0; i--) {
            try {
                pods.get(i).close();
            } catch (RuntimeException | AssertionError e) {
                failed.addSuppressed(e);
            }
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (failed.getSuppressed().length > 0) {
            throw failed;
        }
    }

    @Test
    void everyNodeIsAnsweredWithItsPodDnsName() {
        try (RawKafkaConnection connection = RawKafkaConnection.open("127.0.0.1", pods.get(0).kafkaPort(),
                Duration.ofSeconds(10))) {
            MetadataResponse metadata = (MetadataResponse) connection.call(
                    new MetadataRequest.Builder(List.of(), false).build());
            Map<Integer, String> nodes = new LinkedHashMap<>();
            for (MetadataResponseBroker broker : metadata.data().brokers()) {
                nodes.put(broker.nodeId(), broker.host() + ":" + broker.port());
            }
            assertThat(nodes).containsOnly(
                    Map.entry(0, address(pods.get(0))), Map.entry(1, address(pods.get(1))),
                    Map.entry(2, address(pods.get(2))), Map.entry(1000, address(pods.get(3))));
            assertThat(address(pods.get(1)))
                    .startsWith("tributary-broker-1.tributary-broker-headless.kafka.svc.cluster.local:");
        }
    }

    @Test
    void theProbesPathsAnswer() {
        for (HelmPod pod : pods) {
            assertThat(pod.status(pod.probePath("livenessProbe"))).as(pod.name()).isEqualTo(200);
            assertThat(pod.status(pod.probePath("startupProbe"))).as(pod.name()).isEqualTo(200);
            assertThat(pod.status(pod.probePath("readinessProbe"))).as(pod.name()).isEqualTo(200);
        }
    }

    @Test
    void noRenderedSettingGoesUnused() {
        for (HelmPod pod : pods.subList(0, 4)) {
            assertThat(pod.process().stdout() + pod.process().stderr()).as(pod.name()).doesNotContain(UNUSED_WARNING);
        }
    }

    @Test
    void theAdminApiServesOnItsPodAddressOnlyToTheOperatorFromTheSecret() throws Exception {
        HelmPod admin = pods.get(4);
        String password = new String(Base64.getDecoder().decode(
                manifests.get("Secret", "tributary-admin-api").string("data", "password")), StandardCharsets.UTF_8);
        URI clusters = URI.create("http://127.0.0.1:" + admin.httpPort() + "/v3/clusters");
        assertThat(HTTP.send(HttpRequest.newBuilder(clusters).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(401);
        String basic = Base64.getEncoder().encodeToString(("admin:" + password)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(clusters)
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"kind\":\"KafkaCluster\"");
    }

    @Test
    void theChartsHelmTestPassesAgainstTheRenderedCluster() {
        Manifests.Manifest test = manifests.get("Pod", "tributary-test-produce-consume");
        assertThat(test.string("metadata", "annotations", "helm.sh/hook")).isEqualTo("test");
        Map<String, Object> container = test.container("containers", "produce-consume");
        Manifests.Manifest spec = new Manifests.Manifest(container);
        assertThat(spec.listAt("command").subList(0, 2)).containsExactly("/bin/sh", "-c");
        String script = spec.string("command", 2);
        Map<String, String> env = PodConfig.environment(container, "tributary-test-produce-consume", "127.0.0.1");
        assertThat(env.get("BOOTSTRAP")).isEqualTo("tributary-broker.kafka.svc.cluster.local:9092");
        assertThat(env.get("REPLICATION_FACTOR")).isEqualTo("3");

        List<String> command = new ArrayList<>();
        command.add("env");
        // the bootstrap Service's name resolves locally, its port is broker 0's
        command.add("BOOTSTRAP=tributary-broker.kafka.svc.cluster.local:" + pods.get(0).kafkaPort());
        command.add("REPLICATION_FACTOR=" + env.get("REPLICATION_FACTOR"));
        command.add("KAFKA_BIN=" + KafkaToolScripts.write(tempDir.resolve("kafka-bin"), hostsFile));
        command.addAll(List.of("sh", "-c", script));
        CliResult result = DeployTools.run(tempDir, Duration.ofMinutes(4), command);
        assertThat(result.exitCode()).as(result.stdout()).isZero();
        assertThat(result.stdout()).contains("helm test: produced and consumed 'tributary helm test ");
    }

    private Path hostsFile() throws IOException {
        List<String> names = new ArrayList<>(List.of("localhost", "tributary-broker.kafka.svc.cluster.local"));
        for (int i = 0; i < 3; i++) {
            names.add("tributary-zookeeper-" + i + ".tributary-zookeeper-headless.kafka.svc.cluster.local");
            names.add("tributary-broker-" + i + ".tributary-broker-headless.kafka.svc.cluster.local");
        }
        names.add("tributary-coordinator-0.tributary-coordinator-headless.kafka.svc.cluster.local");
        Path file = tempDir.resolve("hosts");
        Files.write(file, names.stream().map(name -> "127.0.0.1 " + name).toList());
        return file;
    }

    private static String address(HelmPod pod) {
        return pod.advertisedHost() + ":" + pod.kafkaPort();
    }

    private static int port(ZooKeeperProcess zookeeper) {
        String connect = zookeeper.connectString();
        return Integer.parseInt(connect.substring(connect.lastIndexOf(':') + 1));
    }
}

package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.ZooKeeperProcess;

/**
 * With external access by node ports ({@code ci/external-nodeport-values.yaml}), a broker pod and a coordinator pod
 * run with their rendered settings (two listeners each) answer a client on the EXTERNAL listener with every node's
 * node-port address, and on the INTERNAL one with the pod DNS names, as Kafka answers per listener.
 */
class HelmExternalListenersIT {

    private static final Duration READY_DEADLINE = Duration.ofSeconds(240);
    private static final String UNUSED_WARNING = "were supplied but are not used by the";

    @Test
    void eachListenerAnswersWithItsOwnAddresses(@TempDir Path tempDir) throws IOException {
        Manifests manifests = HelmChart.template("-f", HelmChart.dir().resolve("ci/external-nodeport-values.yaml")
                .toString());
        Path hosts = tempDir.resolve("hosts");
        List<String> names = new ArrayList<>(List.of("localhost",
                "tributary-broker-0.tributary-broker-headless.kafka.svc.cluster.local",
                "tributary-coordinator-0.tributary-coordinator-headless.kafka.svc.cluster.local"));
        for (int i = 0; i < 3; i++) {
            names.add("tributary-zookeeper-" + i + ".tributary-zookeeper-headless.kafka.svc.cluster.local");
        }
        Files.write(hosts, names.stream().map(name -> "127.0.0.1 " + name).toList());
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Ports.free(),
                Files.createDirectories(tempDir.resolve("zookeeper")))) {
            int zookeeperPort = Integer.parseInt(zookeeper.connectString().replaceAll(".*:", ""));
            try (HelmPod broker = HelmPod.start(manifests, Service.BROKER, "tributary-broker", 0, tempDir, hosts,
                    zookeeperPort);
                    HelmPod coordinator = HelmPod.start(manifests, Service.COORDINATOR, "tributary-coordinator", 0,
                            tempDir, hosts, zookeeperPort)) {
                broker.awaitReady(READY_DEADLINE);
                coordinator.awaitReady(READY_DEADLINE);
                assertThat(broker.advertisedAddress("EXTERNAL")).isEqualTo("kafka.example.com:30100");
                assertThat(coordinator.advertisedAddress("EXTERNAL")).isEqualTo("kafka.example.com:30200");

                assertThat(nodes(broker.listenerPorts().get("EXTERNAL"))).containsExactly(
                        Map.entry(0, "kafka.example.com:30100"), Map.entry(1000, "kafka.example.com:30200"));
                assertThat(nodes(coordinator.listenerPorts().get("EXTERNAL"))).containsExactly(
                        Map.entry(0, "kafka.example.com:30100"), Map.entry(1000, "kafka.example.com:30200"));
                assertThat(nodes(broker.kafkaPort())).containsExactly(
                        Map.entry(0, broker.advertisedHost() + ":" + broker.kafkaPort()),
                        Map.entry(1000, coordinator.advertisedHost() + ":" + coordinator.kafkaPort()));
                for (HelmPod pod : List.of(broker, coordinator)) {
                    assertThat(pod.process().stdout()).as(pod.name()).doesNotContain(UNUSED_WARNING);
                }
            }
        }
    }

    private static Map<Integer, String> nodes(int port) {
        try (RawKafkaConnection connection = RawKafkaConnection.open("127.0.0.1", port, Duration.ofSeconds(10))) {
            MetadataResponse metadata = (MetadataResponse) connection.call(
                    new MetadataRequest.Builder(List.of(), false).build());
            Map<Integer, String> nodes = new TreeMap<>();
            for (MetadataResponseBroker node : metadata.data().brokers()) {
                nodes.put(node.nodeId(), node.host() + ":" + node.port());
            }
            return nodes;
        }
    }
}

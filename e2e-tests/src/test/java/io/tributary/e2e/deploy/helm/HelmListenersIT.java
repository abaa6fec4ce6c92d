package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each broker and coordinator pod gets its own node id and advertises its own address: its pod DNS name on the
 * INTERNAL listener, and with external access its own node port or load balancer on the EXTERNAL one, reached
 * through a Service of its own. Proven by running the chart's init container script for each pod.
 */
class HelmListenersIT {

    private static final String BROKERS = HelmChart.RELEASE + "-broker";
    private static final String COORDINATORS = HelmChart.RELEASE + "-coordinator";
    private static final String HOST_IP = "10.1.2.3";

    @TempDir
    Path tempDir;

    @Test
    void everyBrokerAdvertisesItsPodDnsNameWithTheOrdinalAsId() {
        Manifests manifests = HelmChart.template();
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            Properties pod = prepared(manifests, BROKERS, ordinal).properties();
            assertThat(pod.getProperty("broker.id")).isEqualTo(Integer.toString(ordinal));
            assertThat(pod.getProperty("advertised.listeners")).isEqualTo("INTERNAL://tributary-broker-" + ordinal
                    + ".tributary-broker-headless.kafka.svc.cluster.local:9092");
            assertThat(pod.getProperty("listeners")).isEqualTo("INTERNAL://0.0.0.0:9092");
            assertThat(pod.getProperty("listener.security.protocol.map")).isEqualTo("INTERNAL:PLAINTEXT");
            assertThat(pod.getProperty("inter.broker.listener.name")).isEqualTo("INTERNAL");
            assertThat(pod.getProperty("default.replication.factor")).isEqualTo("3");
        }
        assertThat(manifests.get("Service", "tributary-broker-headless").string("spec", "clusterIP"))
                .isEqualTo("None");
    }

    @Test
    void everyCoordinatorHasItsOwnIdFrom1000AndItsOwnName() {
        Manifests manifests = HelmChart.template();
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            Properties pod = prepared(manifests, COORDINATORS, ordinal).properties();
            assertThat(pod.getProperty("coordinator.id")).isEqualTo(Integer.toString(1000 + ordinal));
            assertThat(pod.getProperty("advertised.listeners")).isEqualTo("INTERNAL://tributary-coordinator-"
                    + ordinal + ".tributary-coordinator-headless.kafka.svc.cluster.local:9093");
            assertThat(pod.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
            assertThat(pod.getProperty("broker.id")).isNull();
        }
    }

    @Test
    void theClusterDomainAndPortsAreThoseOfTheValues() {
        Manifests manifests = HelmChart.template("-f", HelmChart.dir().resolve("ci/sizes-values.yaml").toString());
        Properties broker4 = prepared(manifests, BROKERS, 4).properties();
        assertThat(broker4.getProperty("advertised.listeners"))
                .isEqualTo("INTERNAL://tributary-broker-4.tributary-broker-headless.kafka.svc.k8s.example.internal:9192");
        assertThat(broker4.getProperty("listeners")).isEqualTo("INTERNAL://0.0.0.0:9192");
        assertThat(broker4.getProperty("zookeeper.connect")).contains(
                "tributary-zookeeper-0.tributary-zookeeper-headless.kafka.svc.k8s.example.internal:2181");
    }

    @Test
    void nodePortsAdvertiseEachPodAtItsOwnNodePort() {
        Manifests manifests = HelmChart.template("-f",
                HelmChart.dir().resolve("ci/external-nodeport-values.yaml").toString());
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            Properties pod = prepared(manifests, BROKERS, ordinal).properties();
            assertThat(pod.getProperty("listeners"))
                    .isEqualTo("INTERNAL://0.0.0.0:9092,EXTERNAL://0.0.0.0:9094");
            assertThat(pod.getProperty("listener.security.protocol.map"))
                    .isEqualTo("INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");
            assertThat(pod.getProperty("advertised.listeners")).isEqualTo("INTERNAL://tributary-broker-" + ordinal
                    + ".tributary-broker-headless.kafka.svc.cluster.local:9092,EXTERNAL://kafka.example.com:"
                    + (30100 + ordinal));
            Manifests.Manifest service = manifests.get("Service", "tributary-broker-" + ordinal + "-external");
            assertThat(service.string("spec", "type")).isEqualTo("NodePort");
            assertThat(service.at("spec", "ports", 0, "nodePort")).isEqualTo(30100 + ordinal);
            assertThat(service.at("spec", "ports", 0, "targetPort")).isEqualTo("external");
            assertThat(service.string("spec", "selector", "statefulset.kubernetes.io/pod-name"))
                    .isEqualTo("tributary-broker-" + ordinal);
        }
        Properties coordinator1 = prepared(manifests, COORDINATORS, 1).properties();
        assertThat(coordinator1.getProperty("advertised.listeners")).endsWith(",EXTERNAL://kafka.example.com:30201");
        assertThat(manifests.get("Service", "tributary-coordinator-1-external").at("spec", "ports", 0, "nodePort"))
                .isEqualTo(30201);
        Manifests.Manifest bootstrap = manifests.get("Service", "tributary-broker-external-bootstrap");
        assertThat(bootstrap.at("spec", "ports", 0, "nodePort")).isEqualTo(30090);
        assertThat(bootstrap.mapAt("spec", "selector")).doesNotContainKey("statefulset.kubernetes.io/pod-name");
        Map<String, Object> brokerPort = manifests.get("StatefulSet", BROKERS).container("containers", "broker");
        assertThat(brokerPort.toString()).contains("name=external, containerPort=9094");
    }

    @Test
    void withoutAHostNodePortsAdvertiseTheNodeEachPodRunsOn() {
        Manifests manifests = HelmChart.template("-f",
                HelmChart.dir().resolve("ci/external-nodeport-hostip-values.yaml").toString());
        assertThat(prepared(manifests, BROKERS, 2).properties().getProperty("advertised.listeners"))
                .endsWith(",EXTERNAL://" + HOST_IP + ":31102");
    }

    @Test
    void loadBalancersAdvertiseTheAddressOfEachPodsOwnBalancer() {
        Manifests manifests = HelmChart.template("-f",
                HelmChart.dir().resolve("ci/external-loadbalancer-values.yaml").toString());
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            assertThat(prepared(manifests, BROKERS, ordinal).properties().getProperty("advertised.listeners"))
                    .endsWith(",EXTERNAL://broker-" + ordinal + ".kafka.example.com:9094");
            Manifests.Manifest service = manifests.get("Service", "tributary-broker-" + ordinal + "-external");
            assertThat(service.string("spec", "type")).isEqualTo("LoadBalancer");
            assertThat(service.string("metadata", "annotations", "service.beta.kubernetes.io/aws-load-balancer-type"))
                    .isEqualTo("nlb");
        }
        assertThat(prepared(manifests, COORDINATORS, 0).properties().getProperty("advertised.listeners"))
                .endsWith(",EXTERNAL://coordinator-0.kafka.example.com:9094");
    }

    @Test
    void aPodBeyondTheListedBalancersOrWithoutAnOrdinalRefusesToStart() {
        Manifests manifests = HelmChart.template("-f",
                HelmChart.dir().resolve("ci/external-loadbalancer-values.yaml").toString());
        PodConfig.Prepared scaledBeyond = PodConfig.prepare(manifests, BROKERS, BROKERS + "-3", HOST_IP, tempDir);
        assertThat(scaledBeyond.exitCode()).isNotZero();
        assertThat(scaledBeyond.output()).contains("no external host for pod tributary-broker-3");
        PodConfig.Prepared noOrdinal = PodConfig.prepare(manifests, BROKERS, "broker", HOST_IP, tempDir);
        assertThat(noOrdinal.exitCode()).isNotZero();
        assertThat(noOrdinal.output()).contains("no StatefulSet ordinal at the end of the pod name 'broker'");
    }

    private PodConfig.Prepared prepared(Manifests manifests, String statefulSet, int ordinal) {
        PodConfig.Prepared prepared = PodConfig.prepare(manifests, statefulSet, statefulSet + "-" + ordinal, HOST_IP,
                tempDir);
        assertThat(prepared.exitCode()).as(prepared.output()).isZero();
        return prepared;
    }
}

package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What keeps a running cluster available through upgrades, drains and restarts: pods reachable before they are
 * ready, one pod of each kind disrupted at a time, a config change rolling the brokers one by one and each only
 * after the previous one is ready (caught up), and stopping brokers given the time their controlled shutdown takes.
 */
class HelmUpgradeSafetyIT {

    private static final String CHECKSUM = "checksum/config";

    @Test
    void headlessServicesPublishPodsBeforeTheyAreReady() {
        Manifests manifests = HelmChart.template();
        for (String name : List.of("tributary-broker-headless", "tributary-coordinator-headless",
                "tributary-zookeeper-headless")) {
            Manifests.Manifest service = manifests.get("Service", name);
            assertThat(service.at("spec", "publishNotReadyAddresses")).as(name).isEqualTo(true);
            assertThat(service.string("spec", "clusterIP")).as(name).isEqualTo("None");
        }
        assertThat(manifests.get("StatefulSet", "tributary-broker").string("spec", "serviceName"))
                .isEqualTo("tributary-broker-headless");
        assertThat(manifests.get("Service", "tributary-broker").at("spec", "publishNotReadyAddresses"))
                .as("the bootstrap Service sends clients to ready brokers only").isNull();
    }

    @Test
    void everyComponentHasADisruptionBudgetOfOnePod() {
        Manifests manifests = HelmChart.template();
        for (String component : List.of("broker", "coordinator", "zookeeper", "admin-api")) {
            Manifests.Manifest pdb = manifests.get("PodDisruptionBudget", "tributary-" + component);
            assertThat(pdb.at("spec", "maxUnavailable")).as(component).isEqualTo(1);
            assertThat(pdb.mapAt("spec", "selector", "matchLabels"))
                    .containsEntry("app.kubernetes.io/component", component);
        }
    }

    @Test
    void brokersRollOneAtATime() {
        for (Manifests.Manifest sts : HelmChart.template().ofKind("StatefulSet")) {
            assertThat(sts.string("spec", "updateStrategy", "type")).as(sts.name()).isEqualTo("RollingUpdate");
            Object maxUnavailable = sts.at("spec", "updateStrategy", "rollingUpdate", "maxUnavailable");
            assertThat(maxUnavailable == null || Integer.valueOf(1).equals(maxUnavailable))
                    .as("%s rolls at most one pod at a time", sts.name()).isTrue();
        }
        Manifests.Manifest brokers = HelmChart.template().get("StatefulSet", "tributary-broker");
        assertThat(brokers.at("spec", "updateStrategy", "rollingUpdate", "partition")).isEqualTo(0);
    }

    @Test
    void aBrokerIsReadyOnlyWhenItsWholeHealthIsUpAndLivenessIsLenient() {
        Map<String, Object> broker = HelmChart.template().get("StatefulSet", "tributary-broker")
                .container("containers", "broker");
        Manifests.Manifest probes = new Manifests.Manifest(broker);
        assertThat(probes.string("readinessProbe", "httpGet", "path"))
                .as("the whole health, with its replication component, DOWN until the broker caught up")
                .isEqualTo("/actuator/health");
        assertThat(probes.string("readinessProbe", "httpGet", "port")).isEqualTo("http");
        assertThat(probes.string("livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        int livenessGrace = (Integer) probes.at("livenessProbe", "periodSeconds")
                * (Integer) probes.at("livenessProbe", "failureThreshold");
        assertThat(livenessGrace).as("seconds of failed liveness before a restart").isGreaterThanOrEqualTo(60);
        int startGrace = (Integer) probes.at("startupProbe", "periodSeconds")
                * (Integer) probes.at("startupProbe", "failureThreshold");
        assertThat(startGrace).as("seconds a start (log recovery) may take").isGreaterThanOrEqualTo(600);
        assertThat(probes.toString()).contains("name=http, containerPort=8081");
    }

    @Test
    void stoppingBrokersGetTheirControlledShutdownTimeAndMore() {
        Manifests.Manifest byDefault = HelmChart.template().get("StatefulSet", "tributary-broker");
        assertThat(byDefault.at("spec", "template", "spec", "terminationGracePeriodSeconds"))
                .as("controlled.shutdown.timeout.ms 30000 plus 30 s").isEqualTo(60);
        Manifests.Manifest configured = HelmChart.template("-f",
                HelmChart.dir().resolve("ci/config-values.yaml").toString()).get("StatefulSet", "tributary-broker");
        assertThat(configured.at("spec", "template", "spec", "terminationGracePeriodSeconds"))
                .as("controlled.shutdown.timeout.ms 120000 plus terminationMarginSeconds 45").isEqualTo(165);
        Manifests.Manifest broker = new Manifests.Manifest(byDefault.container("containers", "broker"));
        assertThat(broker.at("lifecycle", "preStop", "exec", "command")).as("the preStop starts the controlled "
                + "shutdown and waits for the broker's exit").isEqualTo(List.of("/bin/sh", "-c",
                "kill -TERM 1; while kill -0 1 2>/dev/null; do sleep 1; done"));
    }

    @Test
    void theConfigChecksumChangesWhenTheSettingsChangeAndOnlyThen() {
        String broker = brokerChecksum();
        String coordinator = coordinatorChecksum();
        assertThat(broker).matches("[0-9a-f]{64}");
        assertThat(brokerChecksum()).as("the same values render the same checksum").isEqualTo(broker);
        assertThat(coordinatorChecksum()).isEqualTo(coordinator);

        String[] brokerSetting = {"--set", "broker.config.replica\\.lag\\.time\\.max\\.ms=10000"};
        assertThat(brokerChecksum(brokerSetting)).isNotEqualTo(broker);
        assertThat(coordinatorChecksum(brokerSetting)).isEqualTo(coordinator);

        String[] sharedSetting = {"--set", "config.num\\.partitions=6"};
        assertThat(brokerChecksum(sharedSetting)).isNotEqualTo(broker);
        assertThat(coordinatorChecksum(sharedSetting)).isNotEqualTo(coordinator);

        String[] unrelated = {"--set", "broker.resources.requests.cpu=2", "--set", "adminApi.replicas=2", "--set",
                "adminApi.auth.password=another", "--set", "coordinator.replicas=3"};
        assertThat(brokerChecksum(unrelated)).isEqualTo(broker);
        assertThat(coordinatorChecksum(unrelated)).isEqualTo(coordinator);
    }

    private static String brokerChecksum(String... options) {
        return HelmChart.template(options).get("StatefulSet", "tributary-broker")
                .string("spec", "template", "metadata", "annotations", CHECKSUM);
    }

    private static String coordinatorChecksum(String... options) {
        return HelmChart.template(options).get("StatefulSet", "tributary-coordinator")
                .string("spec", "template", "metadata", "annotations", CHECKSUM);
    }
}

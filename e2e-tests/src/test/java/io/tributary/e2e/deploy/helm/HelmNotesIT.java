package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code helm install} tells the user: how to connect inside the cluster, from outside, and to the admin API. */
class HelmNotesIT {

    @Test
    void theNotesNameTheInClusterBootstrapAndTheAdminApi() {
        assertThat(HelmChart.installNotes())
                .contains("bootstrap from:\n  tributary-broker.kafka.svc.cluster.local:9092")
                .contains("tributary-broker-0.tributary-broker-headless.kafka.svc.cluster.local:9092")
                .contains("helm test tributary --namespace kafka")
                .contains("kubectl --namespace kafka port-forward service/tributary-admin-api 8080:8080")
                .contains("kubectl --namespace kafka get secret tributary-admin-api -o jsonpath='{.data.password}'")
                .doesNotContain("From outside the cluster");
    }

    @Test
    void withExternalAccessTheNotesNameTheOutsideAddresses() {
        assertThat(HelmChart.installNotes("-f", HelmChart.dir().resolve("ci/external-nodeport-values.yaml")
                .toString()))
                .contains("bootstrap at kafka.example.com:30090")
                .contains("broker N is advertised at kafka.example.com:30100+N, coordinator N at kafka.example.com:30200+N");
        assertThat(HelmChart.installNotes("-f", HelmChart.dir().resolve("ci/external-loadbalancer-values.yaml")
                .toString()))
                .contains("kubectl --namespace kafka get service tributary-broker-external-bootstrap")
                .contains("broker-0.kafka.example.com, broker-1.kafka.example.com, broker-2.kafka.example.com");
    }

    @Test
    void withAnExistingSecretTheNotesPointToIt() {
        assertThat(HelmChart.installNotes("-f", HelmChart.dir().resolve("ci/admin-existing-secret-values.yaml")
                .toString()))
                .contains("password: key \"admin-password\" of your Secret tributary-admin-credentials")
                .contains("curl -u ops:<password>");
        assertThat(HelmChart.installNotes("-f", HelmChart.dir().resolve("ci/admin-disabled-values.yaml")
                .toString())).doesNotContain("admin API");
    }
}

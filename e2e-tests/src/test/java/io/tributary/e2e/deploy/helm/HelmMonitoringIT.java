package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * With {@code monitoring.serviceMonitor.enabled}, one ServiceMonitor per Tributary service scrapes
 * {@code /actuator/prometheus} through exactly one Service of that service (the one with an {@code http} port), so
 * every pod is scraped once; without it, none is rendered.
 */
class HelmMonitoringIT {

    @Test
    void everyServiceIsScrapedOnceThroughItsHttpPort() {
        Manifests manifests = HelmChart.template("-f", HelmChart.dir().resolve("ci/monitoring-values.yaml")
                .toString());
        List<Manifests.Manifest> monitors = manifests.ofKind("ServiceMonitor");
        assertThat(monitors).extracting(Manifests.Manifest::name)
                .containsExactlyInAnyOrder("tributary-broker", "tributary-coordinator", "tributary-admin-api");
        for (Manifests.Manifest monitor : monitors) {
            assertThat(monitor.string("metadata", "labels", "release")).isEqualTo("prometheus");
            assertThat(monitor.string("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
            assertThat(monitor.string("spec", "endpoints", 0, "interval")).isEqualTo("15s");
            assertThat(monitor.string("spec", "jobLabel"))
                    .as("the job is the component, as the Grafana dashboard selects it")
                    .isEqualTo("app.kubernetes.io/component");
            String port = monitor.string("spec", "endpoints", 0, "port");
            Map<String, Object> selector = monitor.mapAt("spec", "selector", "matchLabels");
            List<String> scraped = manifests.ofKind("Service").stream()
                    .filter(service -> service.mapAt("metadata", "labels").entrySet()
                            .containsAll(selector.entrySet()))
                    .filter(service -> service.listAt("spec", "ports").stream()
                            .anyMatch(p -> port.equals(Manifests.Manifest.map(p, "port").get("name"))))
                    .map(Manifests.Manifest::name).toList();
            assertThat(scraped).as("Services that %s scrapes", monitor.name()).hasSize(1);
        }
    }

    @Test
    void noServiceMonitorUnlessAskedFor() {
        assertThat(HelmChart.template().ofKind("ServiceMonitor")).isEmpty();
        assertThat(HelmChart.template("-f", HelmChart.dir().resolve("ci/monitoring-values.yaml").toString(), "--set",
                "adminApi.enabled=false").ofKind("ServiceMonitor")).extracting(Manifests.Manifest::name)
                .containsExactlyInAnyOrder("tributary-broker", "tributary-coordinator");
    }
}

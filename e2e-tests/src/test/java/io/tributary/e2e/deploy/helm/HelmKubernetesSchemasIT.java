package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every object the chart renders, with the default values and with every option set under {@code ci/}, is valid
 * against the Kubernetes API schemas (ServiceMonitor: prometheus-operator's); a kind without a schema fails.
 */
class HelmKubernetesSchemasIT {

    @Test
    void defaultObjectsMatchTheKubernetesSchemas() {
        assertAllValid("default values", HelmChart.template());
    }

    @Test
    void everyOptionSetsObjectsMatchTheKubernetesSchemas() {
        for (Path values : HelmChart.ciValuesFiles()) {
            assertAllValid(values.getFileName().toString(), HelmChart.template("-f", values.toString()));
        }
    }

    @Test
    void theValidatorRejectsABrokenObjectAndAKindItHasNoSchemaFor() {
        Manifests broken = Manifests.parse("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: broken
                spec:
                  ports:
                    - port: not-a-number
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: unknown
                """);
        List<String> results = KubernetesSchemas.validate(broken);
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).startsWith("INVALID v1 Service broken:").contains("port");
        assertThat(results.get(1)).startsWith("INVALID example.com/v1 Widget unknown: no schema");
    }

    private static void assertAllValid(String what, Manifests manifests) {
        List<String> results = KubernetesSchemas.validate(manifests);
        assertThat(results).as("one result per object rendered with %s", what).hasSize(manifests.objects().size());
        assertThat(results).as("objects rendered with %s", what).allMatch(line -> line.startsWith("VALID "));
    }
}

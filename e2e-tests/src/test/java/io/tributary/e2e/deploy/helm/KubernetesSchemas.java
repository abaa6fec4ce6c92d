package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.DeployTools;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks rendered objects against the Kubernetes API schemas, offline: the npm packages {@value #PACKAGES}, installed
 * once per build under {@code target/deploy-tools/node}, run by node over a JSON array of the objects
 * ({@code validate-objects.mjs}). They check types, required fields and enums; like kubeconform without
 * {@code -strict}, they do not reject unknown fields.
 */
final class KubernetesSchemas {

    static final String PACKAGES = "kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0";
    private static final String SCRIPT = "validate-objects.mjs";
    private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(5);
    private static final Duration VALIDATE_DEADLINE = Duration.ofMinutes(2);

    private KubernetesSchemas() {
    }

    /** One line per object, {@code VALID <apiVersion> <kind> <name>} or {@code INVALID ...: <reason>}. */
    static List<String> validate(Manifests manifests) {
        Path dir = installed();
        try {
            Path input = Files.createTempFile(dir, "objects", ".json");
            JsonMapper.builder().build().writeValue(input.toFile(),
                    manifests.objects().stream().map(Manifests.Manifest::body).toList());
            CliResult result = DeployTools.run(dir, VALIDATE_DEADLINE, List.of("node", SCRIPT, input.toString()));
            Files.delete(input);
            assertThat(result.exitCode()).as("node %s failed:%n%s", SCRIPT, result.stdout()).isZero();
            return result.stdout().lines().filter(line -> line.startsWith("VALID ") || line.startsWith("INVALID "))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path installed() {
        Path dir = DeployTools.toolsDir().resolve("node");
        try {
            Files.createDirectories(dir);
            if (!Files.isDirectory(dir.resolve("node_modules/@kubernetes-models/prometheus-operator"))) {
                CliResult install = DeployTools.run(dir, INSTALL_DEADLINE, List.of("bash", "-c",
                        "npm install --no-audit --no-fund --silent --prefix . " + PACKAGES));
                assertThat(install.exitCode()).as("npm install %s:%n%s", PACKAGES, install.stdout()).isZero();
            }
            // next to node_modules, where node resolves the packages the script imports
            try (InputStream script = KubernetesSchemas.class.getResourceAsStream("/deploy/helm/" + SCRIPT)) {
                assertThat(script).as("%s on the test classpath", SCRIPT).isNotNull();
                Files.copy(script, dir.resolve(SCRIPT), StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

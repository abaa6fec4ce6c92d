package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.DeployTools;

/**
 * What one pod of the broker or coordinator StatefulSet runs with, as Kubernetes would set it up: the init container
 * {@code prepare-config} (the chart's {@code prepare-config.sh}, run here by {@code sh}) with its rendered
 * environment, the downward-API fields resolved for the pod, over the ConfigMap's properties file; and the
 * environment of the main container.
 */
final class PodConfig {

    private PodConfig() {
    }

    /** The outcome of {@code prepare-config.sh} for one pod: its exit code, output and properties file. */
    record Prepared(int exitCode, String output, Path file) {

        String text() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Properties properties() {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties;
        }
    }

    /**
     * Runs the init container of pod {@code podName} of {@code statefulSet} in {@code workDir}: its ConfigMap's files
     * are written to {@code config/} there (CONFIG_IN), the pod's file to {@code pod/} (CONFIG_OUT).
     */
    static Prepared prepare(Manifests manifests, String statefulSet, String podName, String hostIp, Path workDir) {
        Manifests.Manifest sts = manifests.get("StatefulSet", statefulSet);
        Map<String, Object> init = sts.container("initContainers", "prepare-config");
        String configMap = (String) volume(sts, "config").get("name");
        Map<String, Object> data = manifests.get("ConfigMap", configMap).mapAt("data");
        try {
            Path configDir = Files.createDirectories(workDir.resolve("config"));
            Path podDir = Files.createDirectories(workDir.resolve("pod"));
            for (Map.Entry<String, Object> file : data.entrySet()) {
                Files.writeString(configDir.resolve(file.getKey()), file.getValue().toString());
            }
            Map<String, String> env = environment(init, podName, hostIp);
            Path out = podDir.resolve(Path.of(env.get("CONFIG_OUT")).getFileName());
            env.put("CONFIG_IN", configDir.resolve(Path.of(env.get("CONFIG_IN")).getFileName()).toString());
            env.put("CONFIG_OUT", out.toString());
            assertThat(init.get("command")).as("the init container's command")
                    .isEqualTo(List.of("/bin/sh", "/etc/tributary/config/prepare-config.sh"));
            StringBuilder script = new StringBuilder();
            env.forEach((name, value) -> script.append("export ").append(name).append("='")
                    .append(value.replace("'", "'\\''")).append("'\n"));
            script.append("exec sh ").append(configDir.resolve("prepare-config.sh")).append('\n');
            CliResult result = DeployTools.run(workDir, Duration.ofSeconds(30), List.of("sh", "-c", script.toString()));
            return new Prepared(result.exitCode(), result.stdout(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment of {@code container} in pod {@code podName}: plain values (with their {@code $(NAME)}
     * references), and the downward-API fields the chart uses (pod name, namespace, host IP); anything else fails, so
     * a new kind of reference is noticed.
     */
    static Map<String, String> environment(Map<String, Object> container, String podName, String hostIp) {
        return environment(container, podName, hostIp, null);
    }

    /** As {@link #environment(Map, String, String)}, with references to the rendered Secrets of {@code manifests}. */
    static Map<String, String> environment(Map<String, Object> container, String podName, String hostIp,
            Manifests manifests) {
        Map<String, String> env = new LinkedHashMap<>();
        Object entries = container.get("env");
        for (Object entry : entries == null ? List.of() : (List<?>) entries) {
            Map<String, Object> variable = Manifests.Manifest.map(entry, "an env entry");
            String name = (String) variable.get("name");
            if (variable.containsKey("value")) {
                env.put(name, expand(String.valueOf(variable.get("value")), env));
                continue;
            }
            Map<String, Object> from = Manifests.Manifest.map(variable.get("valueFrom"), name + ".valueFrom");
            if (manifests != null && from.get("secretKeyRef") instanceof Map<?, ?> secretRef) {
                String encoded = manifests.get("Secret", (String) secretRef.get("name"))
                        .string("data", secretRef.get("key"));
                env.put(name, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
                continue;
            }
            Map<String, Object> fieldRef = Manifests.Manifest.map(from.get("fieldRef"), name + ".valueFrom.fieldRef");
            String field = (String) fieldRef.get("fieldPath");
            env.put(name, switch (field) {
                case "metadata.name" -> podName;
                case "metadata.namespace" -> HelmChart.NAMESPACE;
                case "status.hostIP" -> hostIp;
                default -> throw new AssertionError("no value for the downward-API field " + field);
            });
        }
        return env;
    }

    /** Kubernetes' {@code $(NAME)} references to variables defined before. */
    private static String expand(String value, Map<String, String> defined) {
        String expanded = value;
        for (Map.Entry<String, String> variable : defined.entrySet()) {
            expanded = expanded.replace("$(" + variable.getKey() + ")", variable.getValue());
        }
        return expanded;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> volume(Manifests.Manifest sts, String name) {
        return sts.listAt("spec", "template", "spec", "volumes").stream().map(v -> (Map<String, Object>) v)
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .map(v -> (Map<String, Object>) v.get("configMap"))
                .orElseThrow(() -> new AssertionError("no volume " + name + " in " + sts.name()));
    }
}

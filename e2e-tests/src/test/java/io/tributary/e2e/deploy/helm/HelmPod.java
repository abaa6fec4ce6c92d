package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;

/**
 * One broker or coordinator pod of the rendered chart, run as a local process with what Kubernetes would give its
 * container: the properties file its init container writes, the container's args and environment, and the JVM options
 * the image's entrypoint takes from {@code JAVA_OPTS}. Only what would collide on one machine is changed: the Kafka
 * and HTTP ports (every pod has the same ones in its own network), {@code log.dirs} (a temp dir instead of the
 * volume) and the ZooKeeper port; names resolve to 127.0.0.1 through {@code hostsFile}.
 */
record HelmPod(String name, ServiceProcess process, int kafkaPort, int httpPort, Properties settings,
        Map<String, Object> container) {

    static HelmPod start(Manifests manifests, Service service, String statefulSet, int ordinal, Path workDir,
            Path hostsFile, int zookeeperPort) {
        String podName = statefulSet + "-" + ordinal;
        Manifests.Manifest sts = manifests.get("StatefulSet", statefulSet);
        Map<String, Object> container = sts.listAt("spec", "template", "spec", "containers").stream()
                .map(c -> Manifests.Manifest.map(c, "container")).findFirst().orElseThrow();
        try {
            Path podDir = Files.createDirectories(workDir.resolve(podName));
            PodConfig.Prepared prepared = PodConfig.prepare(manifests, statefulSet, podName, "127.0.0.1", podDir);
            assertThat(prepared.exitCode()).as(prepared.output()).isZero();

            int kafkaPort = Ports.free();
            int httpPort = Ports.free();
            Properties rendered = prepared.properties();
            String containerPort = rendered.getProperty("listeners").replaceAll(".*:", "");
            List<String> lines = new ArrayList<>();
            for (String line : prepared.text().lines().toList()) {
                lines.add(remapped(line, containerPort, kafkaPort, zookeeperPort, podDir));
            }
            Path file = prepared.file();
            Files.write(file, lines);

            Map<String, String> env = PodConfig.environment(container, podName, "127.0.0.1");
            assertThat(env).containsKey("SERVER_PORT");
            env.put("SERVER_PORT", Integer.toString(httpPort));
            List<String> jvmOptions = jvmOptions(env, hostsFile);

            @SuppressWarnings("unchecked")
            List<String> args = new ArrayList<>((List<String>) container.get("args"));
            assertThat(args).as("the container's args: the file the init container wrote")
                    .containsExactly("/etc/tributary/pod/" + file.getFileName());
            args.set(0, file.toString());
            ServiceProcess process = ServiceProcess.start(service, podName, jvmOptions, args, env);
            Properties settings = new Properties();
            settings.load(Files.newBufferedReader(file));
            return new HelmPod(podName, process, kafkaPort, httpPort, settings, container);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The admin API's pod as the Deployment renders it: its environment with the password from the rendered Secret;
     * its HTTP port, the bootstrap port (broker 0's), the ZooKeeper port and the audit database's directory remapped.
     */
    static HelmPod startAdminApi(Manifests manifests, Path workDir, Path hostsFile, int zookeeperPort,
            int bootstrapPort) {
        Map<String, Object> container = manifests.get("Deployment", "tributary-admin-api")
                .container("containers", "admin-api");
        String podName = "tributary-admin-api";
        Map<String, String> env = PodConfig.environment(container, podName, "127.0.0.1", manifests);
        int httpPort = Ports.free();
        env.put("SERVER_PORT", Integer.toString(httpPort));
        env.put("TRIBUTARY_ADMIN_BOOTSTRAP_SERVERS", remappedPort(env, "TRIBUTARY_ADMIN_BOOTSTRAP_SERVERS", ":9092",
                bootstrapPort));
        env.put("TRIBUTARY_ADMIN_ZOOKEEPER_CONNECT", remappedPort(env, "TRIBUTARY_ADMIN_ZOOKEEPER_CONNECT", ":2181",
                zookeeperPort));
        assertThat(env.get("TRIBUTARY_ADMIN_DATA_DIR")).isEqualTo("/var/lib/tributary-admin");
        env.put("TRIBUTARY_ADMIN_DATA_DIR", workDir.resolve(podName).toString());
        assertThat(container).doesNotContainKey("args");
        ServiceProcess process = ServiceProcess.start(Service.ADMIN_API, podName, jvmOptions(env, hostsFile),
                List.of(), env);
        return new HelmPod(podName, process, -1, httpPort, new Properties(), container);
    }

    private static String remappedPort(Map<String, String> env, String name, String port, int localPort) {
        assertThat(env.get(name)).as(name).contains(port);
        return env.get(name).replace(port, ":" + localPort);
    }

    /** The image's entrypoint runs {@code java $JAVA_OPTS}; names resolve through the hosts file. */
    private static List<String> jvmOptions(Map<String, String> env, Path hostsFile) {
        List<String> options = new ArrayList<>(Arrays.asList(env.getOrDefault("JAVA_OPTS", "").split(" ")));
        options.removeIf(String::isBlank);
        options.add("-Djdk.net.hosts.file=" + hostsFile);
        return options;
    }

    /** The path of the container's {@code probe} (readinessProbe, livenessProbe, startupProbe) on its http port. */
    String probePath(String probe) {
        Manifests.Manifest spec = new Manifests.Manifest(container);
        assertThat(spec.string(probe, "httpGet", "port")).as("%s of %s", probe, name).isEqualTo("http");
        return spec.string(probe, "httpGet", "path");
    }

    /** The host this pod advertises on its INTERNAL listener. */
    String advertisedHost() {
        String advertised = settings.getProperty("advertised.listeners");
        return advertised.substring("INTERNAL://".length(), advertised.lastIndexOf(':'));
    }

    private static String remapped(String line, String containerPort, int kafkaPort, int zookeeperPort, Path dir) {
        if (line.startsWith("listeners=") || line.startsWith("advertised.listeners=")) {
            assertThat(line).as("one INTERNAL listener").endsWith(":" + containerPort).doesNotContain(",");
            return line.substring(0, line.length() - containerPort.length()) + kafkaPort;
        }
        if (line.startsWith("zookeeper.connect=")) {
            assertThat(line).contains(":2181");
            return line.replace(":2181", ":" + zookeeperPort);
        }
        if (line.startsWith("log.dirs=")) {
            assertThat(line).isEqualTo("log.dirs=/var/lib/tributary/data");
            return "log.dirs=" + dir.resolve("data");
        }
        return line;
    }
}

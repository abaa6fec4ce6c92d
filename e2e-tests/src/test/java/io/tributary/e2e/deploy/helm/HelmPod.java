package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tributary.e2e.deploy.compose.Dockerfile;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;

/**
 * One broker or coordinator pod of the rendered chart, run as a local process with what Kubernetes would give its
 * container: the properties file its init container writes, the container's args and environment, and the JVM options
 * the image's entrypoint takes from {@code JAVA_OPTS}, over the image's own environment. Only what would collide on
 * one machine is changed: the listeners' and HTTP ports (every pod has the same ones in its own network), paths on
 * the data volume (under a temp dir) and the ZooKeeper port; names resolve to 127.0.0.1 through {@code hostsFile}.
 */
record HelmPod(String name, ServiceProcess process, Map<String, Integer> listenerPorts, int httpPort,
        Properties settings, Map<String, Object> container) implements AutoCloseable {

    /** Where the chart mounts each pod's data volume, as the image declares it (VOLUME). */
    private static final String DATA_VOLUME = "/var/lib/tributary";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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

            int httpPort = Ports.free();
            Map<String, Integer> listenerPorts = new LinkedHashMap<>();
            for (String listener : prepared.properties().getProperty("listeners").split(",")) {
                listenerPorts.put(listener.substring(0, listener.indexOf("://")), Ports.free());
            }
            List<String> lines = new ArrayList<>();
            for (String line : prepared.text().lines().toList()) {
                lines.add(remapped(line, listenerPorts, zookeeperPort, podDir));
            }
            Path file = prepared.file();
            Files.write(file, lines);

            Map<String, String> env = environment(service, PodConfig.environment(container, podName, "127.0.0.1"),
                    podDir);
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
            return new HelmPod(podName, process, listenerPorts, httpPort, settings, container);
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
        Map<String, String> env = environment(Service.ADMIN_API,
                PodConfig.environment(container, podName, "127.0.0.1", manifests), workDir.resolve(podName));
        int httpPort = Ports.free();
        env.put("SERVER_PORT", Integer.toString(httpPort));
        env.put("TRIBUTARY_ADMIN_BOOTSTRAP_SERVERS", remappedPort(env, "TRIBUTARY_ADMIN_BOOTSTRAP_SERVERS", ":9092",
                bootstrapPort));
        env.put("TRIBUTARY_ADMIN_ZOOKEEPER_CONNECT", remappedPort(env, "TRIBUTARY_ADMIN_ZOOKEEPER_CONNECT", ":2181",
                zookeeperPort));
        assertThat(container).doesNotContainKey("args");
        ServiceProcess process = ServiceProcess.start(Service.ADMIN_API, podName, jvmOptions(env, hostsFile),
                List.of(), env);
        return new HelmPod(podName, process, Map.of(), httpPort, new Properties(), container);
    }

    /**
     * The container's environment as the kubelet sets it: the image's {@code ENV} (docker/Dockerfile, built for
     * {@code service}) overridden by the pod spec's; paths on the data volume moved under {@code dir}.
     */
    private static Map<String, String> environment(Service service, Map<String, String> podSpec, Path dir) {
        Map<String, String> env = new LinkedHashMap<>(Dockerfile.read().environment(Map.of("SERVICE",
                service.toString(), "HTTP_PORT", "0")));
        env.putAll(podSpec);
        assertThat(env).containsKey("SERVER_PORT");
        env.replaceAll((name, value) -> value.startsWith(DATA_VOLUME) ? local(value, dir) : value);
        return env;
    }

    /** Where {@code path} on the pod's data volume is here. */
    private static String local(String path, Path dir) {
        return dir.resolve(path.substring(1)).toString();
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

    /** The HTTP status of {@code GET path} on this pod's http port; -1 while it does not answer. */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while asking " + name + " for " + path, e);
        }
    }

    /** Waits until the pod's readiness probe path answers 200, as the kubelet would mark it ready. */
    void awaitReady(Duration deadline) {
        String readiness = probePath("readinessProbe");
        Waiting.atMost(deadline, () -> name + " not ready on " + readiness + "\n" + process.describe(60))
                .failFast(process.aliveCheck())
                .until(() -> status(readiness) == 200);
    }

    /** Stops the process (SIGTERM, waiting for its exit) if it still runs. */
    @Override
    public void close() {
        process.close();
    }

    /** The local port of the INTERNAL listener. */
    int kafkaPort() {
        return listenerPorts.get("INTERNAL");
    }

    /** The host this pod advertises on {@code listener}. */
    String advertisedHost(String listener) {
        String entry = advertised(settings.getProperty("advertised.listeners"), listener);
        return entry.substring(entry.indexOf("://") + 3, entry.lastIndexOf(':'));
    }

    /** The host this pod advertises on its INTERNAL listener. */
    String advertisedHost() {
        return advertisedHost("INTERNAL");
    }

    /** The address this pod advertises on {@code listener}, as a client is told it. */
    String advertisedAddress(String listener) {
        String entry = advertised(settings.getProperty("advertised.listeners"), listener);
        return entry.substring(entry.indexOf("://") + 3);
    }

    private static String advertised(String listeners, String name) {
        return Arrays.stream(listeners.split(",")).filter(entry -> entry.startsWith(name + "://")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in advertised.listeners=" + listeners));
    }

    /**
     * Every listener binds a free local port; the INTERNAL one is advertised at it (inside the cluster the pod's port
     * is the container's own). EXTERNAL stays advertised as rendered: a node port or load balancer, bound by no one
     * here.
     */
    private static String remapped(String line, Map<String, Integer> listenerPorts, int zookeeperPort, Path dir) {
        if (line.startsWith("listeners=") || line.startsWith("advertised.listeners=")) {
            String key = line.substring(0, line.indexOf('=') + 1);
            List<String> entries = new ArrayList<>();
            for (String entry : line.substring(key.length()).split(",")) {
                String name = entry.substring(0, entry.indexOf("://"));
                boolean local = key.equals("listeners=") || name.equals("INTERNAL");
                entries.add(local ? entry.substring(0, entry.lastIndexOf(':') + 1) + listenerPorts.get(name) : entry);
            }
            return key + String.join(",", entries);
        }
        if (line.startsWith("zookeeper.connect=")) {
            assertThat(line).contains(":2181");
            return line.replace(":2181", ":" + zookeeperPort);
        }
        if (line.startsWith("log.dirs=")) {
            assertThat(line).isEqualTo("log.dirs=" + DATA_VOLUME + "/data");
            return "log.dirs=" + local(DATA_VOLUME + "/data", dir);
        }
        return line;
    }
}

package io.tributary.e2e.deploy.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;
import io.tributary.e2e.support.ZooKeeperProcess;

/**
 * The default services of the compose file run as processes on this machine, with the settings their containers get
 * and only the ports moved ({@link PortPlan}) and the volumes turned into directories:
 * <ul>
 * <li>ZooKeeper is the real server ({@link ZooKeeperProcess}) on the local port of the official image's 2181;</li>
 * <li>each Tributary service is its jar ({@link ServiceProcess}) with the container's environment, the JVM options
 * of its {@code JAVA_OPTS} (what the image's entrypoint passes) and a hosts file as its DNS: the compose service
 * names resolve to 127.0.0.1, {@code localhost} resolves to nothing, as in a container where it is not the host, so a
 * node handed a host address where it needs a network one fails as it would in compose;</li>
 * <li>services start in the order {@code depends_on} gives, each once the ones it depends on pass their compose
 * healthcheck, run here as docker runs it.</li>
 * </ul>
 */
final class LocalTopology implements AutoCloseable {

    /** The client port of the official zookeeper image's configuration. */
    static final int ZOOKEEPER_CLIENT_PORT = 2181;

    /**
     * The least time a level of services gets to pass its healthchecks here: three JVMs starting at once on this
     * shared two-core machine can outlast docker's budget ({@code start_period + interval × retries}), which is
     * sized for a workstation.
     */
    private static final Duration SLOW_MACHINE_START = Duration.ofMinutes(4);

    private final ComposeFile compose;
    private final PortPlan ports;
    private final Path workDir;
    private final Path hostsFile;
    private final Map<String, Map<String, String>> environments = new HashMap<>();
    private ZooKeeperProcess zookeeper;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();

    private LocalTopology(ComposeFile compose, PortPlan ports, Path workDir, Path hostsFile) {
        this.compose = compose;
        this.ports = ports;
        this.workDir = workDir;
        this.hostsFile = hostsFile;
    }

    /**
     * Plans the topology: ports, directories under {@code workDir}, the hosts file.
     *
     * @param hostNames what a host client calls this machine in the file: localhost, and HOST_IP when set
     */
    static LocalTopology plan(ComposeFile compose, Set<String> hostNames, Path workDir) {
        try {
            Path hosts = workDir.resolve("compose-network.hosts");
            String names = String.join(" ", compose.services().keySet());
            Files.writeString(hosts, "127.0.0.1 " + names + " " + hostName() + "\n");
            LocalTopology topology = new LocalTopology(compose, new PortPlan(compose, hostNames), workDir, hosts);
            compose.defaultServices().forEach(service -> topology.environments.put(service.name(),
                    topology.localEnvironment(service)));
            return topology;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PortPlan ports() {
        return ports;
    }

    /** The JVM option that makes a process resolve names as a container on the compose network does. */
    String networkDns() {
        return "-Djdk.net.hosts.file=" + hostsFile;
    }

    /** The environment {@code service} runs with here: the container's, addresses and paths moved. */
    Map<String, String> environment(String service) {
        return environments.get(service);
    }

    ServiceProcess process(String service) {
        return processes.get(service);
    }

    /** The compose healthcheck of {@code service}, to run against its local process. */
    HealthCheckCommand composeHealthCheck(String service) {
        ComposeService.HealthCheck check = compose.service(service).healthcheck();
        List<String> test = check.test().stream().map(part -> ports.rewriteInside(service, part)).toList();
        return HealthCheckCommand.of(service + " compose healthcheck", test, environment(service), check.timeout());
    }

    /** The Dockerfile's HEALTHCHECK, run with the environment of {@code service}'s container. */
    HealthCheckCommand imageHealthCheck(String service) {
        Dockerfile.HealthCheck check = Dockerfile.read().healthcheck();
        return HealthCheckCommand.shell(service + " image HEALTHCHECK", ports.rewriteInside(service, check.command()),
                environment(service), check.timeout());
    }

    /**
     * Starts every default service, dependencies first; returns once all pass their healthcheck. Fails if a check
     * passes before its service runs (it would prove nothing) or does not pass in time.
     */
    void start() {
        for (List<ComposeService> level : levels()) {
            for (ComposeService service : level) {
                HealthCheckCommand check = composeHealthCheck(service.name());
                if (check.healthy()) {
                    throw new AssertionError(check + " passes before " + service.name() + " runs");
                }
                startProcess(service);
            }
            for (ComposeService service : level) {
                awaitHealthy(service);
            }
        }
    }

    private void startProcess(ComposeService service) {
        Map<String, String> environment = environment(service.name());
        if (service.image().startsWith("zookeeper:")) {
            zookeeper = ZooKeeperProcess.start(ports.local(service.name(), ZOOKEEPER_CLIENT_PORT),
                    directory(service.name() + "/zookeeper-data"));
            return;
        }
        List<String> jvmOptions = new ArrayList<>(Arrays.asList(environment.getOrDefault("JAVA_OPTS", "").trim()
                .split("\\s+")));
        jvmOptions.removeIf(String::isEmpty);
        jvmOptions.add(networkDns());
        processes.put(service.name(), ServiceProcess.start(jar(service), service.name(), jvmOptions, List.of(),
                environment));
    }

    private void awaitHealthy(ComposeService service) {
        HealthCheckCommand check = composeHealthCheck(service.name());
        ServiceProcess process = processes.get(service.name());
        Duration budget = service.healthcheck().startBudget();
        Waiting.atMost(budget.compareTo(SLOW_MACHINE_START) > 0 ? budget : SLOW_MACHINE_START,
                        () -> check + " still fails: " + check.run()
                        + (process == null ? zookeeper.describe(40) : process.describe(60)))
                .pollInterval(Duration.ofSeconds(1))
                .failFast(process == null ? () -> { } : process.aliveCheck())
                .until(check::healthy);
    }

    /** Default services grouped so that each group depends only on earlier ones. */
    private List<List<ComposeService>> levels() {
        Map<String, Integer> depth = new HashMap<>();
        List<ComposeService> services = compose.defaultServices();
        List<List<ComposeService>> levels = new ArrayList<>();
        for (ComposeService service : services) {
            int level = depth(service.name(), depth, 0);
            while (levels.size() <= level) {
                levels.add(new ArrayList<>());
            }
            levels.get(level).add(service);
        }
        return levels;
    }

    private int depth(String name, Map<String, Integer> depth, int guard) {
        if (guard > compose.services().size()) {
            throw new AssertionError("depends_on has a cycle through " + name);
        }
        Integer known = depth.get(name);
        if (known != null) {
            return known;
        }
        int level = compose.service(name).dependsOn().keySet().stream()
                .mapToInt(dependency -> depth(dependency, depth, guard + 1) + 1).max().orElse(0);
        depth.put(name, level);
        return level;
    }

    private Map<String, String> localEnvironment(ComposeService service) {
        Map<String, String> local = new LinkedHashMap<>();
        service.environment().forEach((name, value) -> {
            String moved = value;
            for (ComposeService.Mount mount : service.volumes()) {
                if (moved.equals(mount.target()) || moved.startsWith(mount.target() + "/")) {
                    moved = directory(service.name() + "/" + mount.source()) + moved.substring(mount.target().length());
                }
            }
            local.put(name, name.equals("SERVER_PORT")
                    ? Integer.toString(ports.local(service.name(), Integer.parseInt(moved)))
                    : ports.rewrite(service.name(), moved));
        });
        return local;
    }

    private Path directory(String relative) {
        try {
            return Files.createDirectories(workDir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Service jar(ComposeService service) {
        String jar = service.buildArgs().get("SERVICE");
        return switch (jar) {
            case "broker-service" -> Service.BROKER;
            case "coordinator-service" -> Service.COORDINATOR;
            case "admin-api" -> Service.ADMIN_API;
            default -> throw new AssertionError(service.name() + " builds an unknown service jar: " + jar);
        };
    }

    /** The last lines of every process's output, for a failure message. */
    String describe() {
        StringBuilder all = new StringBuilder();
        processes.forEach((name, process) -> all.append("=== ").append(name).append(" ===\n")
                .append(process.describe(30)).append('\n'));
        return all.toString();
    }

    /** Stops the services, dependents first. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(processes.values());
        Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::close);
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new AssertionError("cannot tell this machine's host name", e);
        }
    }
}

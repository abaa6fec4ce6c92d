package io.tributary.e2e.deploy.compose;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.DeployTools;

/**
 * The repository's {@code docker-compose.yml} as docker-compose itself resolves it: the output of
 * {@code docker-compose config} (anchors merged, {@code ${HOST_IP:-localhost}} substituted, ports and volumes in one
 * syntax), read into {@link ComposeService}s. Reading what the tool prints, rather than the file, means a test sees
 * exactly the settings a container would get.
 */
record ComposeFile(Path repositoryRoot, Map<String, ComposeService> services) {

    static final String FILE_NAME = "docker-compose.yml";
    private static final Duration TOOL_DEADLINE = Duration.ofMinutes(2);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** The repository root: the parent of the e2e-tests module. */
    static Path root() {
        return DeployTools.repositoryRoot();
    }

    /**
     * Runs {@code docker-compose config} on the repository's file with {@code variables} set in its environment (a
     * null value unsets the variable, so the test JVM's own environment does not leak in) and reads the result.
     */
    static ComposeFile resolve(Map<String, String> variables) {
        CliResult result = compose(variables, List.of("config"));
        if (result.exitCode() != 0) {
            throw new AssertionError("docker-compose config failed: " + result);
        }
        return parse(root(), result.stdout());
    }

    /** Runs {@code docker-compose -f docker-compose.yml <arguments>} in the repository root. */
    static CliResult compose(Map<String, String> variables, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("env"));
        variables.forEach((name, value) -> command.addAll(value == null ? List.of("-u", name)
                : List.of(name + "=" + value)));
        command.addAll(List.of(DeployTools.dockerCompose().toString(), "-f", FILE_NAME));
        command.addAll(arguments);
        return DeployTools.run(root(), TOOL_DEADLINE, command);
    }

    @SuppressWarnings("unchecked")
    static ComposeFile parse(Path root, String resolvedYaml) {
        Map<String, Object> document = new Yaml().load(resolvedYaml);
        Map<String, Object> services = (Map<String, Object>) document.get("services");
        Map<String, ComposeService> read = new LinkedHashMap<>();
        services.forEach((name, definition) -> read.put(name, service(name, (Map<String, Object>) definition)));
        return new ComposeFile(root, read);
    }

    ComposeService service(String name) {
        ComposeService service = services.get(name);
        if (service == null) {
            throw new AssertionError(FILE_NAME + " has no service " + name + "; it has " + services.keySet());
        }
        return service;
    }

    /** The services {@code docker compose up} starts without a profile. */
    List<ComposeService> defaultServices() {
        return services.values().stream().filter(service -> service.profiles().isEmpty()).toList();
    }

    /** The services built from Tributary's Dockerfile, with the jar named by the build argument SERVICE. */
    List<ComposeService> tributaryServices() {
        return defaultServices().stream().filter(service -> service.buildArgs().containsKey("SERVICE")).toList();
    }

    @SuppressWarnings("unchecked")
    private static ComposeService service(String name, Map<String, Object> definition) {
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) definition.getOrDefault("environment", Map.of()))
                .forEach((key, value) -> environment.put(key, value == null ? "" : value.toString()));
        Map<String, String> buildArgs = new LinkedHashMap<>();
        Map<String, Object> build = (Map<String, Object>) definition.getOrDefault("build", Map.of());
        ((Map<String, Object>) build.getOrDefault("args", Map.of()))
                .forEach((key, value) -> buildArgs.put(key, String.valueOf(value)));
        List<ComposeService.PublishedPort> ports = new ArrayList<>();
        for (Object port : (List<Object>) definition.getOrDefault("ports", List.of())) {
            ports.add(port(port));
        }
        List<ComposeService.Mount> mounts = new ArrayList<>();
        for (Object volume : (List<Object>) definition.getOrDefault("volumes", List.of())) {
            String[] parts = volume.toString().split(":");
            mounts.add(new ComposeService.Mount(parts[0], parts[1], parts.length > 2 ? parts[2] : "rw"));
        }
        Object dependsOn = definition.getOrDefault("depends_on", Map.of());
        Map<String, String> conditions = new LinkedHashMap<>();
        if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((service, condition) -> conditions.put(service.toString(),
                    String.valueOf(((Map<String, Object>) condition).get("condition"))));
        } else {
            ((List<Object>) dependsOn).forEach(service -> conditions.put(service.toString(), "service_started"));
        }
        return new ComposeService(name, String.valueOf(definition.get("image")), buildArgs, environment, ports,
                mounts, conditions, healthcheck((Map<String, Object>) definition.get("healthcheck")),
                ((List<Object>) definition.getOrDefault("profiles", List.of())).stream().map(Object::toString)
                        .toList());
    }

    @SuppressWarnings("unchecked")
    private static ComposeService.PublishedPort port(Object port) {
        if (port instanceof Map<?, ?> map) {
            Map<String, Object> fields = (Map<String, Object>) map;
            return new ComposeService.PublishedPort(String.valueOf(fields.getOrDefault("host_ip", "")),
                    Integer.parseInt(fields.get("published").toString()),
                    Integer.parseInt(fields.get("target").toString()));
        }
        // short syntax: [host_ip:]published:target[/protocol]
        String[] parts = port.toString().replaceAll("/.*$", "").split(":");
        int n = parts.length;
        return new ComposeService.PublishedPort(n == 3 ? parts[0] : "", Integer.parseInt(parts[n - 2]),
                Integer.parseInt(parts[n - 1]));
    }

    @SuppressWarnings("unchecked")
    private static ComposeService.HealthCheck healthcheck(Map<String, Object> definition) {
        if (definition == null) {
            return null;
        }
        Object test = definition.get("test");
        List<String> command = test instanceof List<?> list ? list.stream().map(Object::toString).toList()
                : List.of("CMD-SHELL", test.toString());
        return new ComposeService.HealthCheck(command, duration(definition.get("interval"), Duration.ofSeconds(30)),
                duration(definition.get("timeout"), Duration.ofSeconds(30)),
                definition.containsKey("retries") ? Integer.parseInt(definition.get("retries").toString()) : 3,
                duration(definition.get("start_period"), Duration.ZERO));
    }

    /** A compose duration: {@code 5s}, {@code 1m}, {@code 1m30s}, {@code 500ms}. */
    static Duration duration(Object value, Duration absent) {
        if (value == null) {
            return absent;
        }
        Matcher part = DURATION_PART.matcher(value.toString());
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = part.end();
        }
        if (end != value.toString().length()) {
            throw new AssertionError("not a compose duration: " + value);
        }
        return total;
    }
}

package io.tributary.e2e.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.tributary.e2e.support.CliResult;

/**
 * docker-compose.yml checked offline with docker-compose v1 (no engine needed): it validates for the default services
 * and the {@code monitoring} profile, with and without {@code HOST_IP}, and the resolved settings say what issue 10
 * promises: both listeners on every node, host listeners at {@code HOST_IP}, internal topics at replication factor 3,
 * data in named volumes, start order on health, and monitoring wired to every service.
 */
class ComposeConfigIT {

    private static final String ANY_HOST_IP = "192.0.2.10";

    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of(List.of(), null), Arguments.of(List.of(), ANY_HOST_IP),
                Arguments.of(List.of("monitoring"), null), Arguments.of(List.of("monitoring"), ANY_HOST_IP));
    }

    @ParameterizedTest(name = "profiles {0}, HOST_IP {1}")
    @MethodSource("variants")
    void validatesQuietly(List<String> profiles, String hostIp) {
        Map<String, String> variables = new HashMap<>();
        variables.put("HOST_IP", hostIp);
        List<String> arguments = new ArrayList<>();
        profiles.forEach(profile -> arguments.addAll(List.of("--profile", profile)));
        arguments.addAll(List.of("config", "-q"));

        CliResult result = ComposeFile.compose(variables, arguments);

        assertThat(result.exitCode()).as("%s", result).isZero();
        // docker-compose warns (and goes on) about a variable without a default: none may be needed
        assertThat(result.output()).as("%s", result).isBlank();
    }

    @ParameterizedTest(name = "HOST_IP {0}")
    @ValueSource(strings = {"", ANY_HOST_IP})
    void everyNodeAdvertisesTheServiceNameInsideAndTheHostAddressOutside(String hostIp) {
        Map<String, String> variables = new HashMap<>();
        variables.put("HOST_IP", hostIp.isEmpty() ? null : hostIp);
        ComposeFile compose = ComposeFile.resolve(variables);
        String expectedHost = hostIp.isEmpty() ? "localhost" : hostIp;

        List<ComposeService> nodes = kafkaNodes(compose);
        assertThat(nodes).extracting(ComposeService::name).containsExactlyInAnyOrder("broker-1", "broker-2",
                "broker-3", "coordinator-1", "coordinator-2");
        for (ComposeService node : nodes) {
            String inside = node.env("INTER_BROKER_LISTENER_NAME");
            Map<String, Listener> bound = Listener.parseAll(node.env("LISTENERS"));
            Map<String, Listener> advertised = Listener.parseAll(node.env("ADVERTISED_LISTENERS"));
            assertThat(advertised.keySet()).as(node.name()).containsExactlyInAnyOrderElementsOf(bound.keySet())
                    .contains(inside).hasSize(2);
            assertThat(Listener.parseAll(node.env("LISTENERS")).values()).as(node.name())
                    .allSatisfy(listener -> assertThat(listener.host()).isEqualTo("0.0.0.0"));
            assertThat(node.env("LISTENER_SECURITY_PROTOCOL_MAP")).as(node.name())
                    .isEqualTo(advertised.keySet().stream().map(name -> name + ":PLAINTEXT")
                            .collect(Collectors.joining(",")));

            Listener network = advertised.get(inside);
            assertThat(network.host()).as(node.name() + " in-network listener").isEqualTo(node.name());
            assertThat(network.port()).as(node.name()).isEqualTo(bound.get(inside).port());
            assertThat(node.ports()).as(node.name() + " publishes its in-network port")
                    .noneMatch(port -> port.target() == network.port());

            Listener host = advertised.values().stream().filter(listener -> !listener.name().equals(inside))
                    .findFirst().orElseThrow();
            assertThat(host.host()).as(node.name() + " host listener").isEqualTo(expectedHost);
            // the container listens on the very port the host publishes, so the advertised port is right both ways
            assertThat(node.ports()).as(node.name())
                    .containsExactly(new ComposeService.PublishedPort("", host.port(), host.port()));
            assertThat(bound.get(host.name()).port()).as(node.name()).isEqualTo(host.port());
        }
        assertThat(nodes.stream().flatMap(node -> node.ports().stream()).map(ComposeService.PublishedPort::published))
                .containsExactlyInAnyOrder(9092, 9094, 9096, 9093, 9095);
    }

    @Test
    void internalTopicsAreReplicatedThreeTimesOverThreeBrokers() {
        ComposeFile compose = ComposeFile.resolve(noHostIp());

        List<ComposeService> brokers = byJar(compose, "broker-service");
        assertThat(brokers).extracting(broker -> broker.env("BROKER_ID")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(byJar(compose, "coordinator-service")).extracting(node -> node.env("COORDINATOR_ID"))
                .containsExactlyInAnyOrder("1000", "1001");
        for (ComposeService node : kafkaNodes(compose)) {
            assertThat(node.environment()).as(node.name())
                    .containsEntry("OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("ZOOKEEPER_CONNECT", "zookeeper:2181/tributary");
        }
    }

    @Test
    void everythingStartsOnceWhatItNeedsIsHealthy() {
        ComposeFile compose = ComposeFile.resolve(noHostIp());

        for (ComposeService service : compose.defaultServices()) {
            assertThat(service.healthcheck()).as(service.name() + " healthcheck").isNotNull();
            service.dependsOn().forEach((dependency, condition) -> {
                assertThat(condition).as(service.name() + " -> " + dependency).isEqualTo("service_healthy");
                assertThat(compose.service(dependency).profiles()).as(dependency).isEmpty();
            });
        }
        assertThat(compose.service("zookeeper").dependsOn()).isEmpty();
        byJar(compose, "broker-service").forEach(broker -> assertThat(broker.dependsOn()).containsOnlyKeys("zookeeper"));
        byJar(compose, "coordinator-service").forEach(coordinator -> assertThat(coordinator.dependsOn())
                .containsOnlyKeys("broker-1", "broker-2", "broker-3"));
    }

    @Test
    void dataLivesInNamedVolumesAndTheAdminApiOnlyOnTheHostLoopback() {
        ComposeFile compose = ComposeFile.resolve(noHostIp());

        Set<String> brokerVolumes = byJar(compose, "broker-service").stream().map(broker -> {
            String logDirs = broker.env("LOG_DIRS");
            ComposeService.Mount mount = broker.volumes().stream()
                    .filter(candidate -> logDirs.startsWith(candidate.target() + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(broker.name() + ": LOG_DIRS " + logDirs
                            + " is not on a volume: " + broker.volumes()));
            assertThat(mount.source()).as(broker.name()).doesNotStartWith("/");
            return mount.source();
        }).collect(Collectors.toSet());
        assertThat(brokerVolumes).as("one volume per broker").hasSize(3);

        ComposeService admin = compose.service("admin-api");
        assertThat(admin.ports()).containsExactly(new ComposeService.PublishedPort("127.0.0.1", 8080, 8080));
        assertThat(admin.environment()).containsEntry("SERVER_ADDRESS", "0.0.0.0")
                .containsEntry("TRIBUTARY_ADMIN_SECURITY_USERS_0_ROLE", "operator")
                .containsEntry("TRIBUTARY_ADMIN_SECURITY_USERS_0_PASSWORD", "{noop}tributary");
        assertThat(admin.env("TRIBUTARY_ADMIN_DATADIR")).startsWith(admin.mountAt("/var/lib/tributary")
                .orElseThrow().target());
        assertThat(ComposeFile.resolve(Map.of("TRIBUTARY_ADMIN_PASSWORD", "s3cret")).service("admin-api")
                .environment()).containsEntry("TRIBUTARY_ADMIN_SECURITY_USERS_0_PASSWORD", "{noop}s3cret");
    }

    @Test
    void prometheusScrapesEveryServiceUnderTheJobTheDashboardUses() {
        ComposeFile compose = ComposeFile.resolve(noHostIp());
        ComposeService prometheus = compose.service("prometheus");
        assertThat(prometheus.profiles()).containsExactly("monitoring");
        Map<String, Object> config = Monitoring.yaml(Monitoring.mountedFile(prometheus, "/etc/prometheus/prometheus.yml"));

        Map<String, String> jobs = Map.of("broker-service", "broker", "coordinator-service", "coordinator",
                "admin-api", "admin-api");
        for (ComposeService service : compose.tributaryServices()) {
            String job = jobs.get(service.buildArgs().get("SERVICE"));
            String target = service.name() + ":" + service.env("SERVER_PORT");
            assertThat(Monitoring.scrapeTargets(config, job)).as("job " + job).contains(target);
            assertThat(Monitoring.metricsPath(config, job)).as("job " + job).isEqualTo("/actuator/prometheus");
        }
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheTributaryDashboard() {
        ComposeFile compose = ComposeFile.resolve(noHostIp());
        ComposeService grafana = compose.service("grafana");
        assertThat(grafana.profiles()).containsExactly("monitoring");

        Path provisioning = Monitoring.mountedDir(grafana, "/etc/grafana/provisioning");
        Map<String, Object> datasource = Monitoring.single(Monitoring.yaml(
                provisioning.resolve("datasources/prometheus.yml")), "datasources");
        assertThat(datasource).containsEntry("uid", "prometheus").containsEntry("type", "prometheus")
                .containsEntry("url", "http://prometheus:9090");
        assertThat(compose.service("prometheus").ports()).extracting(ComposeService.PublishedPort::target)
                .contains(9090);

        Map<String, Object> provider = Monitoring.single(Monitoring.yaml(
                provisioning.resolve("dashboards/tributary.yml")), "providers");
        String dashboardsPath = String.valueOf(((Map<?, ?>) provider.get("options")).get("path"));
        Path dashboards = Monitoring.mountedDir(grafana, dashboardsPath);
        String home = grafana.env("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(dashboardsPath + "/");
        Path dashboard = dashboards.resolve(home.substring(dashboardsPath.length() + 1));
        assertThat(dashboard).as("the dashboard Grafana opens").isRegularFile();
        // every panel's data source is the provisioned one, by uid or through a data-source variable
        assertThat(Monitoring.datasourceUids(dashboard)).as("data sources the dashboard's panels use")
                .isNotEmpty().containsOnly("prometheus");
    }

    private static Map<String, String> noHostIp() {
        Map<String, String> variables = new HashMap<>();
        variables.put("HOST_IP", null);
        variables.put("TRIBUTARY_ADMIN_PASSWORD", null);
        return variables;
    }

    private static List<ComposeService> kafkaNodes(ComposeFile compose) {
        return compose.tributaryServices().stream().filter(service -> service.environment().containsKey("LISTENERS"))
                .toList();
    }

    private static List<ComposeService> byJar(ComposeFile compose, String jar) {
        return compose.tributaryServices().stream().filter(service -> jar.equals(service.buildArgs().get("SERVICE")))
                .toList();
    }
}

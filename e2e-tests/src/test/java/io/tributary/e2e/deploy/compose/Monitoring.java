package io.tributary.e2e.deploy.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the monitoring profile's files: Prometheus' scrape jobs, Grafana's provisioning and the dashboard. */
final class Monitoring {

    private Monitoring() {
    }

    /** The file of the repository that {@code service} mounts at {@code target}. */
    static Path mountedFile(ComposeService service, String target) {
        Path file = mountSource(service, target);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(service.name() + " mounts " + file + " at " + target + ": no such file");
        }
        return file;
    }

    /** The directory of the repository that {@code service} mounts at {@code target}. */
    static Path mountedDir(ComposeService service, String target) {
        Path dir = mountSource(service, target);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError(service.name() + " mounts " + dir + " at " + target + ": no such directory");
        }
        return dir;
    }

    private static Path mountSource(ComposeService service, String target) {
        ComposeService.Mount mount = service.mountAt(target).orElseThrow(() -> new AssertionError(
                service.name() + " mounts nothing at " + target + ": " + service.volumes()));
        Path source = Path.of(mount.source());
        if (!source.isAbsolute() || !source.normalize().startsWith(ComposeFile.root())) {
            throw new AssertionError(service.name() + " mounts " + source + ", not a file of the repository");
        }
        return source;
    }

    static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one entry of the list {@code key} of a provisioning file. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> single(Map<String, Object> file, String key) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) file.get(key);
        if (entries == null || entries.size() != 1) {
            throw new AssertionError("expected one entry under " + key + ": " + file);
        }
        return entries.get(0);
    }

    /** Every {@code host:port} the scrape job {@code job} lists. */
    @SuppressWarnings("unchecked")
    static List<String> scrapeTargets(Map<String, Object> prometheus, String job) {
        List<String> targets = new ArrayList<>();
        for (Map<String, Object> config : (List<Map<String, Object>>) job(prometheus, job)
                .getOrDefault("static_configs", List.of())) {
            targets.addAll((List<String>) config.getOrDefault("targets", List.of()));
        }
        return targets;
    }

    static String metricsPath(Map<String, Object> prometheus, String job) {
        return String.valueOf(job(prometheus, job).getOrDefault("metrics_path", "/metrics"));
    }


    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(Map<String, Object> prometheus, String name) {
        return ((List<Map<String, Object>>) prometheus.get("scrape_configs")).stream()
                .filter(config -> name.equals(config.get("job_name"))).findFirst()
                .orElseThrow(() -> new AssertionError("Prometheus has no scrape job " + name + ": " + prometheus));
    }

    /**
     * The uid of every data source the dashboard's panels and queries name; a reference to a data-source template
     * variable ({@code ${datasource}}) counts as the uid the variable defaults to, Grafana's own annotation source
     * ({@code grafana}) is left out.
     */
    static Set<String> datasourceUids(Path dashboardFile) {
        JsonNode dashboard;
        try {
            dashboard = JsonMapper.builder().build().readTree(Files.readString(dashboardFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> variables = new HashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("datasource".equals(variable.path("type").asString())) {
                String current = variable.path("current").path("value").asString("");
                variables.put(variable.path("name").asString(), current.isEmpty()
                        ? variable.path("query").asString() : current);
            }
        }
        Set<String> uids = new TreeSet<>();
        collect(dashboard.path("panels"), variables, uids);
        return uids;
    }

    private static void collect(JsonNode node, Map<String, String> variables, Set<String> uids) {
        if (node.isObject()) {
            JsonNode datasource = node.get("datasource");
            if (datasource != null && !datasource.isNull()) {
                String uid = datasource.isObject() ? datasource.path("uid").asString("") : datasource.asString("");
                String variable = uid.replaceAll("^\\$\\{?([^}:]+).*$", "$1");
                String resolved = uid.startsWith("$") ? variables.getOrDefault(variable, uid) : uid;
                if (!resolved.isEmpty() && !resolved.equals("grafana") && !resolved.equals("-- Mixed --")) {
                    uids.add(resolved);
                }
            }
            node.properties().forEach(entry -> collect(entry.getValue(), variables, uids));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, variables, uids));
        }
    }
}

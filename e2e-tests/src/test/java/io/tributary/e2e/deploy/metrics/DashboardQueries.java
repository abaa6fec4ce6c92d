package io.tributary.e2e.deploy.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL a Grafana dashboard JSON runs: every panel's targets (rows' nested panels included) and every query
 * variable's query, each named for messages ({@code panel "Lag in seconds"}, {@code variable group}).
 */
final class DashboardQueries {

    /** The dashboard's file in the repository. */
    static final Path DASHBOARD = Path.of("monitoring", "grafana", "dashboards", "tributary.json");

    /** One query and where it is. */
    record Query(String where, String expr) {
    }

    /** {@code label_values(<selector>, <label>)}: only the selector is PromQL. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern LABEL_VALUES_WITHOUT_METRIC = Pattern.compile("^\\s*label_values\\(\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$");

    private DashboardQueries() {
    }

    static JsonNode read(Path file) {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Query> of(JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        panels(dashboard.path("panels"), queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asString())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asString() : query.asString();
            if (LABEL_VALUES_WITHOUT_METRIC.matcher(text).matches()) {
                throw new IllegalArgumentException("variable " + variable.path("name").asString()
                        + " asks every metric for a label: name one (" + text + ")");
            }
            Matcher labelValues = LABEL_VALUES.matcher(text);
            queries.add(new Query("variable " + variable.path("name").asString(),
                    labelValues.matches() ? labelValues.group(1) : text));
        }
        return queries;
    }

    /** Every panel, rows' nested panels included, in order. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        collect(dashboard.path("panels"), all);
        return all;
    }

    private static void collect(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collect(panel.path("panels"), into);
        }
    }

    private static void panels(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                if (!expr.isBlank()) {
                    queries.add(new Query("panel \"" + panel.path("title").asString() + "\"", expr));
                }
            }
            panels(panel.path("panels"), queries);
        }
    }
}

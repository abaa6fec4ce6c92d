package io.tributary.e2e.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * What the dashboard must show, from its JSON alone: the panels issue 10 asks for (by the metrics they query), its
 * variables, and a data source that is the provisioned one (uid {@code prometheus}) unless the user picks another.
 */
class DashboardContentTest {

    private final JsonNode dashboard = DashboardQueries.read(
            ScrapedServices.repositoryRoot().resolve(DashboardQueries.DASHBOARD));

    @Test
    void queriesEveryMetricTheIssueAsksToSee() {
        Set<String> queried = DashboardQueries.of(dashboard).stream()
                .flatMap(q -> PromQlSelectors.of(q.expr()).stream())
                .map(PromQlSelectors.Selector::metric)
                .collect(Collectors.toSet());
        assertThat(queried).contains(
                "tributary_requests_total", "tributary_request_latency_seconds_bucket",
                "tributary_request_errors_total", "tributary_connections",
                "tributary_partitions_under_replicated", "tributary_partitions_under_min_isr",
                "tributary_controller_offline_partitions", "tributary_isr_shrinks_total", "tributary_isr_expands_total",
                "tributary_group_lag", "tributary_group_lag_seconds",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum", "jvm_threads_live_threads",
                "tributary_log_dir_size_bytes", "tributary_log_dir_usable_bytes");
    }

    @Test
    void everyPanelReadsTheDataSourceVariableWhichDefaultsToTheProvisionedOne() {
        JsonNode datasource = variable("datasource");
        assertThat(datasource.path("type").asString()).isEqualTo("datasource");
        assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
        assertThat(datasource.path("current").path("value").asString()).isEqualTo("prometheus");
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void hasJobInstanceAndGroupVariablesAndUniquePanelIds() {
        assertThat(variable("job").path("query").asString()).isEqualTo("broker,coordinator,admin-api");
        assertThat(variable("instance").path("type").asString()).isEqualTo("query");
        assertThat(variable("group").path("type").asString()).isEqualTo("query");
        assertThat(variable("broker").path("type").asString()).isEqualTo("query");
        assertThat(variable("coordinator").path("type").asString()).isEqualTo("query");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
        }
        assertThat(dashboard.path("uid").asString()).isEqualTo("tributary");
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(39, 41);
    }

    private JsonNode variable(String name) {
        List<JsonNode> matching = dashboard.path("templating").path("list").valueStream()
                .filter(v -> v.path("name").asString().equals(name)).toList();
        assertThat(matching).as("variable " + name).hasSize(1);
        return matching.get(0);
    }
}

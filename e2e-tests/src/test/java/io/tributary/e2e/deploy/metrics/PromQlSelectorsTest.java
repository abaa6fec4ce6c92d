package io.tributary.e2e.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tributary.e2e.deploy.metrics.PromQlSelectors.Matcher;
import io.tributary.e2e.deploy.metrics.PromQlSelectors.Selector;

/** The metric names a dashboard query reads, and only those: what DashboardMetricsIT relies on to fail. */
class PromQlSelectorsTest {

    private static List<String> names(String expr) {
        return PromQlSelectors.of(expr).stream().map(Selector::metric).toList();
    }

    @Test
    void functionsAggregationsAndTheirLabelListsAreNotMetrics() {
        assertThat(names("histogram_quantile(0.99, sum by (le, api) (rate(tributary_request_latency_seconds_bucket"
                + "{job=\"broker\", api=~\"Produce|Fetch\"}[$__rate_interval])))"))
                .containsExactly("tributary_request_latency_seconds_bucket");
        assertThat(names("sum(rate(a_total{job=\"broker\"}[5m])) without (instance) / on (api) group_left (x) "
                + "sum(rate(b_count[1m] offset 1h)) > bool 0"))
                .containsExactly("a_total", "b_count");
        assertThat(names("topk(5, max by (group, topic) (tributary_group_lag_seconds))"))
                .containsExactly("tributary_group_lag_seconds");
    }

    @Test
    void stringsVariablesNumbersAndMatcherValuesAreNotMetrics() {
        assertThat(names("label_replace(jvm_threads_live_threads{job=~\"$job\", instance=~\"${instance:regex}\"}, "
                + "\"host\", \"$1\", \"instance\", \"(.*):.*\") * 1e3 + [[legacy]]"))
                .containsExactly("jvm_threads_live_threads");
        assertThat(names("1 - tributary_log_dir_usable_bytes{dir=\"a}b\"} / tributary_log_dir_total_bytes"))
                .containsExactly("tributary_log_dir_usable_bytes", "tributary_log_dir_total_bytes");
    }

    @Test
    void matchersAreKeptWithTheirSelector() {
        Selector selector = PromQlSelectors.of("rate(tributary_requests_total{job=\"broker\",api!~'Fetch.*'}[1m])")
                .get(0);
        assertThat(selector.matchers()).containsExactly(new Matcher("job", "=", "broker"),
                new Matcher("api", "!~", "Fetch.*"));
        assertThat(selector.matcher("job").value()).isEqualTo("broker");
        assertThat(PromQlSelectors.of("jvm_info").get(0).matcher("job")).isNull();
    }

    @Test
    void aSelectorWithoutANameIsRefused() {
        assertThatThrownBy(() -> PromQlSelectors.of("{job=\"broker\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a metric name");
    }
}

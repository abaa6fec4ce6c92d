package io.tributary.e2e.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tributary.e2e.deploy.metrics.DashboardQueries.Query;
import io.tributary.e2e.deploy.metrics.PromQlSelectors.Matcher;
import io.tributary.e2e.deploy.metrics.PromQlSelectors.Selector;
import io.tributary.e2e.support.ServiceProcess.Service;

/**
 * The Grafana dashboard shows data the first time: every metric each of its queries selects exists in the
 * {@code /actuator/prometheus} output of the service the query is about, as its {@code job} matcher says (the
 * Prometheus jobs are named {@code broker}, {@code coordinator} and {@code admin-api}), on running processes that a
 * topic, a producer, a committing group and an admin API change have exercised.
 */
@ExtendWith(ScrapedServicesExtension.class)
class DashboardMetricsIT {

    private static final Map<String, Service> JOBS = Map.of("broker", Service.BROKER, "coordinator",
            Service.COORDINATOR, "admin-api", Service.ADMIN_API);

    @Test
    void everyMetricADashboardQuerySelectsIsExposedByTheServiceOfItsJob(ScrapedServices services) {
        List<Query> queries = DashboardQueries.of(DashboardQueries.read(
                ScrapedServices.repositoryRoot().resolve(DashboardQueries.DASHBOARD)));
        Map<Service, Set<String>> exposed = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            exposed.put(service, PrometheusScrape.parse(services.scrape(service)).seriesNames());
        }

        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Query query : queries) {
            List<Selector> selectors = PromQlSelectors.of(query.expr());
            if (selectors.isEmpty()) {
                problems.add(query.where() + " selects no metric: " + query.expr());
            }
            for (Selector selector : selectors) {
                Set<Service> about = services(selector);
                if (about.isEmpty()) {
                    problems.add(query.where() + " selects " + selector.metric() + " without job=\"broker\", "
                            + "\"coordinator\", \"admin-api\" or =~\"$job\": " + query.expr());
                }
                for (Service service : about) {
                    checked++;
                    if (!exposed.get(service).contains(selector.metric())) {
                        problems.add(query.where() + " queries " + selector.metric() + ", which the " + service
                                + " does not expose");
                    }
                }
            }
        }
        assertThat(problems).as("dashboard queries whose metrics do not exist (%d checked)", checked).isEmpty();
        assertThat(checked).as("metric selections checked").isGreaterThan(30);
    }

    /** The services a selector's {@code job} matcher picks; empty if it has none or an unknown one. */
    private static Set<Service> services(Selector selector) {
        Matcher job = selector.matcher("job");
        Set<Service> picked = EnumSet.noneOf(Service.class);
        if (job == null) {
            return picked;
        }
        if (job.op().equals("=~") && job.value().equals("$job")) {
            picked.addAll(JOBS.values());
            return picked;
        }
        if (!job.op().equals("=") && !job.op().equals("=~")) {
            return picked;
        }
        for (String name : job.op().equals("=") ? List.of(job.value()) : List.of(job.value().split("\\|"))) {
            Service service = JOBS.get(name);
            if (service == null) {
                return EnumSet.noneOf(Service.class);
            }
            picked.add(service);
        }
        return picked;
    }
}

package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * The audit trail of a running admin API as its users read it: {@code GET /v3/clusters/{cluster_id}/audit}, every
 * page of it, through {@link AdminApiClient}. Events come back oldest first, the order a test's story happened in;
 * each is the JSON the API shows ({@code action}, {@code principal}, {@code resource}, {@code before}, {@code after}).
 */
final class AuditLog {

    /** More pages than any test writes events: a listing whose {@code next} never ends fails instead of looping. */
    private static final int MAX_PAGES = 100;

    private AuditLog() {
    }

    /** The events matching {@code filters} (query parameters of the listing: resource, principal, action...). */
    static List<JsonNode> events(AdminApiClient api, String clusterId, Map<String, String> filters) {
        String query = filters.entrySet().stream()
                .map(filter -> filter.getKey() + "=" + URLEncoder.encode(filter.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        List<JsonNode> listed = new ArrayList<>();
        String next = "/v3/clusters/" + clusterId + "/audit?page_size=1000" + (query.isEmpty() ? "" : "&" + query);
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).as("pages of the audit listing").isLessThan(MAX_PAGES);
            AdminResponse page = api.get(next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.body().get("data").forEach(listed::add);
            JsonNode link = page.body().get("metadata").get("next");
            next = link == null || link.isNull() ? null : pathAndQuery(link.asString());
        }
        Collections.reverse(listed);
        return listed;
    }

    private static String pathAndQuery(String url) {
        URI next = URI.create(url);
        return next.getRawQuery() == null ? next.getRawPath() : next.getRawPath() + "?" + next.getRawQuery();
    }

    /** Every event the API has recorded. */
    static List<JsonNode> all(AdminApiClient api, String clusterId) {
        return events(api, clusterId, Map.of());
    }

    /** The events of exactly this resource. */
    static List<JsonNode> forResource(AdminApiClient api, String clusterId, String resource) {
        return events(api, clusterId, Map.of("resource", resource));
    }

    /** The events of this resource or anything under it ({@code …/topic=t/config=…}). */
    static List<JsonNode> under(AdminApiClient api, String clusterId, String resource) {
        return all(api, clusterId).stream()
                .filter(event -> {
                    String name = event.get("resource").asString();
                    return name.equals(resource) || name.startsWith(resource + "/");
                })
                .toList();
    }

    /** The actions of {@code events}, in their order. */
    static List<String> actions(List<JsonNode> events) {
        return events.stream().map(event -> event.get("action").asString()).toList();
    }
}

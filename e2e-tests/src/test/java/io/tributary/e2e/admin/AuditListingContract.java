package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET …/audit} of a running admin API, whatever its database: changes made by an operator are listed newest
 * first with who made them and the topic before and after, filters narrow the list, and {@code metadata.next} pages
 * through it. Subclasses start the admin API on their database with an operator {@code otto} and a viewer
 * {@code vera} (password = name + "-pass").
 */
abstract class AuditListingContract {

    /** The admin API with no credentials; subclasses start it once for the class. */
    abstract AdminApiClient api();

    AdminApiClient operator() {
        return api().withBasic("otto", "otto-pass");
    }

    AdminApiClient viewer() {
        return api().withBasic("vera", "vera-pass");
    }

    @Test
    void anOperatorsChangesAreListedNewestFirstWithTheOperatorAndTheTopicBeforeAndAfter() {
        String cluster = "/v3/clusters/" + operator().clusterId();
        String topic = uniqueTopic("audited");
        Instant started = Instant.now().minusSeconds(1);

        assertThat(operator().post(cluster + "/topics", Map.of("topic_name", topic, "partitions_count", 1,
                "replication_factor", 1)).status()).isIn(200, 201);
        assertThat(operator().patch(cluster + "/topics/" + topic, Map.of("partitions_count", 3)).status())
                .isEqualTo(200);
        assertThat(operator().delete(cluster + "/topics/" + topic).status()).isIn(200, 204);

        String resource = "crn:///kafka=" + operator().clusterId() + "/topic=" + topic;
        AdminResponse listed = viewer().get(cluster + "/audit?resource=" + encode(resource));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.body().get("kind").asString()).isEqualTo("AuditEventList");
        List<JsonNode> events = listed.body().get("data").valueStream().toList();
        assertThat(events).extracting(event -> event.get("action").asString())
                .containsExactly("topic.delete", "topic.partitions", "topic.create");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("principal").asString()).isEqualTo("otto");
            assertThat(event.get("resource").asString()).isEqualTo(resource);
            assertThat(Instant.parse(event.get("occurred_at").asString())).isAfter(started);
        });
        JsonNode partitions = events.get(1);
        assertThat(partitions.get("before").get("partitions_count").asInt()).isEqualTo(1);
        assertThat(partitions.get("after").get("partitions_count").asInt()).isEqualTo(3);
        assertThat(events.get(2).get("before").isNull()).isTrue();
        assertThat(events.get(0).get("after").isNull()).isTrue();

        AdminResponse one = viewer().get(cluster + "/audit/" + partitions.get("id").asLong());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("action").asString()).isEqualTo("topic.partitions");
        assertThat(partitions.get("metadata").get("self").asString())
                .isEqualTo(api().baseUrl() + cluster + "/audit/" + partitions.get("id").asLong());
    }

    @Test
    void filtersByPrincipalActionAndTimeAndPagesThroughMetadataNext() {
        String cluster = "/v3/clusters/" + operator().clusterId();
        String prefix = uniqueTopic("paged");
        // the service records its own clock's time, on this machine, after the request: later than this
        Instant since = Instant.now();
        for (int i = 0; i < 5; i++) {
            assertThat(operator().post(cluster + "/topics", Map.of("topic_name", prefix + "-" + i,
                    "partitions_count", 1, "replication_factor", 1)).status()).isIn(200, 201);
        }

        List<String> seen = new ArrayList<>();
        String next = cluster + "/audit?action=topic.create&principal=otto&page_size=2&since=" + since;
        int pages = 0;
        while (next != null) {
            AdminResponse page = viewer().get(next.startsWith("http") ? next.substring(api().baseUrl().length())
                    : next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.body().get("data").forEach(event -> seen.add(event.get("resource").asString()));
            JsonNode link = page.body().get("metadata").get("next");
            next = link == null || link.isNull() ? null : link.asString();
            pages++;
        }

        String crn = "crn:///kafka=" + operator().clusterId() + "/topic=" + prefix + "-";
        assertThat(seen).containsExactly(crn + 4, crn + 3, crn + 2, crn + 1, crn + 0);
        assertThat(pages).isEqualTo(3);
        AdminResponse nobody = viewer().get(cluster + "/audit?principal=vera");
        assertThat(nobody.body().get("data").isEmpty()).isTrue();
        AdminResponse future = viewer().get(cluster + "/audit?since=" + Instant.now().plusSeconds(3600));
        assertThat(future.body().get("data").isEmpty()).isTrue();
    }

    private static String uniqueTopic(String name) {
        return name + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}

package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change the topic endpoints make is in the audit trail, with the state before and after as the API shows
 * it: read from the embedded audit database under the data directory once the process has stopped.
 */
class TopicAuditIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    private record Event(String principal, String action, String resource, JsonNode before, JsonNode after) {
    }

    @Test
    void createAddPartitionsDeleteRecordsAndDeleteAreRecordedWithBeforeAndAfter() throws Exception {
        int httpPort = Ports.free();
        String clusterId;
        try (TributaryProcess tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort)) {
            AdminApiClient api = AdminApiClient.onPort(httpPort);
            AdminApiWaits.whenServing(api, "/v3/clusters");
            clusterId = api.clusterId();
            String topics = "/v3/clusters/" + clusterId + "/topics";

            assertThat(api.post(topics, Map.of("topic_name", "audited", "partitions_count", 1)).status())
                    .isEqualTo(201);
            assertThat(api.post(topics, Map.of("topic_name", "audited-dry-run", "validate_only", true)).status())
                    .isEqualTo(200);
            assertThat(api.post(topics, Map.of("topic_name", "audited", "partitions_count", 1)).status())
                    .isEqualTo(409);
            Waiting.atMost(Duration.ofSeconds(30), () -> "GET audited: " + api.get(topics + "/audited"))
                    .until(() -> api.get(topics + "/audited").status() == 200);
            assertThat(api.patch(topics + "/audited", Map.of("partitions_count", 2)).status()).isEqualTo(200);
            assertThat(api.post(topics + "/audited/records:delete", Map.of("partitions",
                    List.of(Map.of("partition_id", 0, "before_offset", 0)))).status()).isEqualTo(200);
            Waiting.atMost(Duration.ofSeconds(30), () -> "GET audited: " + api.get(topics + "/audited"))
                    .until(() -> api.get(topics + "/audited").body().get("partitions_count").asInt() == 2);
            assertThat(api.delete(topics + "/audited").status()).isEqualTo(204);
            tributary.stop();
        }

        List<Event> events = events(dataDir.resolve("admin").resolve("audit"));

        String resource = "crn:///kafka=" + clusterId + "/topic=audited";
        assertThat(events).extracting(Event::action, Event::resource).containsExactly(
                tuple("topic.create", resource),
                tuple("topic.partitions", resource),
                tuple("records.delete", resource),
                tuple("topic.delete", resource));
        // who: the security slice's users; without any, whatever Spring Security names the anonymous caller
        assertThat(events).allSatisfy(event -> assertThat(event.principal()).isNotBlank());

        Event create = events.get(0);
        assertThat(create.before()).isNull();
        assertThat(create.after().get("topic_name").asString()).isEqualTo("audited");
        assertThat(create.after().get("partitions_count").asInt()).isEqualTo(1);

        Event partitions = events.get(1);
        assertThat(partitions.before().get("partitions_count").asInt()).isEqualTo(1);
        assertThat(partitions.after().get("partitions_count").asInt()).isEqualTo(2);

        Event records = events.get(2);
        assertThat(records.before().get(0).get("partition_id").asInt()).isZero();
        assertThat(records.before().get(0).get("log_start_offset").asLong()).isZero();
        assertThat(records.after().get(0).get("log_start_offset").asLong()).isZero();

        Event delete = events.get(3);
        assertThat(delete.before().get("partitions_count").asInt()).isEqualTo(2);
        assertThat(delete.after()).isNull();
    }

    private static List<Event> events(Path database) throws Exception {
        List<Event> events = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database.toAbsolutePath(), "",
                "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT principal, action, resource, before_state, "
                        + "after_state FROM audit_event ORDER BY id")) {
            while (rows.next()) {
                events.add(new Event(rows.getString(1), rows.getString(2), rows.getString(3), json(rows.getString(4)),
                        json(rows.getString(5))));
            }
        }
        return events;
    }

    private static JsonNode json(String text) {
        return text == null ? null : JSON.readTree(text);
    }
}

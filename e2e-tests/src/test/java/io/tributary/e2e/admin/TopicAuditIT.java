package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;

/**
 * Every change the topic endpoints make is in the audit trail, with the state before and after as the API shows
 * it, and nothing for a dry run or a refused change: read through the audit listing, and again after a restart over
 * the same data directory, where the trail is kept.
 */
class TopicAuditIT {

    @TempDir
    Path dataDir;

    @Test
    void createAddPartitionsDeleteRecordsAndDeleteAreRecordedWithBeforeAndAfter() {
        int httpPort = Ports.free();
        AdminApiClient api = AdminApiClient.onPort(httpPort);
        String clusterId;
        List<JsonNode> events;
        TributaryProcess tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        try {
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
            events = AuditLog.all(api, clusterId);
            tributary.stop();
            tributary = TributaryProcess.startStandaloneOn(dataDir, tributary.kafkaPort(), tributary.zookeeperPort(),
                    tributary.coordinatorPort(), List.of("--server.port=" + httpPort));
            AdminApiWaits.whenServing(api, "/v3/clusters");
            assertThat(AuditLog.all(api, clusterId)).as("the trail after a restart").isEqualTo(events);
        } finally {
            tributary.close();
        }

        String resource = "crn:///kafka=" + clusterId + "/topic=audited";
        assertThat(events).extracting(event -> event.get("action").asString(),
                event -> event.get("resource").asString()).containsExactly(
                tuple("topic.create", resource),
                tuple("topic.partitions", resource),
                tuple("records.delete", resource),
                tuple("topic.delete", resource));
        // who: the security slice's users; without any, whatever Spring Security names the anonymous caller
        assertThat(events).allSatisfy(event -> assertThat(event.get("principal").asString()).isNotBlank());

        JsonNode create = events.get(0);
        assertThat(create.get("before").isNull()).isTrue();
        assertThat(create.get("after").get("topic_name").asString()).isEqualTo("audited");
        assertThat(create.get("after").get("partitions_count").asInt()).isEqualTo(1);

        JsonNode partitions = events.get(1);
        assertThat(partitions.get("before").get("partitions_count").asInt()).isEqualTo(1);
        assertThat(partitions.get("after").get("partitions_count").asInt()).isEqualTo(2);

        JsonNode records = events.get(2);
        assertThat(records.get("before").get(0).get("partition_id").asInt()).isZero();
        assertThat(records.get("before").get(0).get("log_start_offset").asLong()).isZero();
        assertThat(records.get("after").get(0).get("log_start_offset").asLong()).isZero();

        JsonNode delete = events.get(3);
        assertThat(delete.get("before").get("partitions_count").asInt()).isEqualTo(2);
        assertThat(delete.get("after").isNull()).isTrue();
    }
}

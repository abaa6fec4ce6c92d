package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * The running standalone answers a client's mistakes with problem+json, a stable type and what exactly was wrong,
 * never a stack trace.
 */
class ProblemResponsesIT {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static String cluster;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        cluster = "/v3/clusters/" + api.clusterId();
    }

    @AfterAll
    static void stop() {
        tributary.close();
    }

    @Test
    void anUnknownPathIsNotFound() {
        AdminResponse answer = api.get("/v3/no-such-resource");

        assertProblem(answer, 404, "not-found");
        assertThat(answer.body().get("detail").asString()).contains("/v3/no-such-resource");
    }

    @Test
    void brokenJsonSaysWhereItBroke() {
        AdminResponse answer = api.post(cluster + "/topics", "{\"topic_name\": \"a\",\n \"partitions_count\": }");

        assertProblem(answer, 400, "malformed-json");
        assertThat(answer.body().get("detail").asString()).contains("line 2, column");
    }

    @Test
    void anUnknownFieldIsNamed() {
        AdminResponse answer = api.post(cluster + "/topics", Map.of("topic_name", "a", "partition_count", 3));

        assertProblem(answer, 400, "unknown-field");
        assertThat(answer.body().get("field").asString()).isEqualTo("partition_count");
        assertThat(answer.body().get("detail").asString()).contains("partitions_count");
    }

    @Test
    void aWrongTypeNamesTheFieldAndTheTypeExpected() {
        AdminResponse answer = api.post(cluster + "/topics", Map.of("topic_name", "a", "partitions_count", "three"));

        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.body().get("detail").asString())
                .isEqualTo("Field 'partitions_count' must be an integer, not 'three'");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        AdminResponse answer = api.post(cluster + "/topics", Map.of("partitions_count", 1));

        assertProblem(answer, 400, "missing-field");
        assertThat(answer.body().get("detail").asString()).contains("'topic_name'");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        AdminResponse answer = api.send("POST", cluster + "/topics", null, Map.of("Content-Type", "text/plain"));

        assertProblem(answer, 415, "unsupported-media-type");
    }

    @Test
    void aBodyAboveTheBoundIsRefusedWith413() {
        AdminResponse answer = api.post(cluster + "/topics", Map.of("topic_name", "x".repeat(5 * 1024 * 1024)));

        assertProblem(answer, 413, "request-too-large");
    }

    @Test
    void aWrongMethodIsNotAllowed() {
        AdminResponse answer = api.send("DELETE", "/v3/clusters", null, Map.of());

        assertProblem(answer, 405, "method-not-allowed");
        assertThat(answer.header("Allow")).contains("GET");
    }

    @Test
    void anAcceptWithoutJsonIsNotAcceptable() {
        AdminResponse answer = api.send("GET", "/v3/clusters", null, Map.of("Accept", "text/csv"));

        assertThat(answer.status()).isEqualTo(406);
    }

    @Test
    void aParameterOfTheWrongTypeIsNamed() {
        AdminResponse answer = api.get(cluster + "/audit?page_size=many");

        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.body().get("detail").asString())
                .isEqualTo("Parameter 'page_size' must be an integer, not 'many'");
    }

    @Test
    void aTimeThatIsNotIso8601IsNamed() {
        AdminResponse answer = api.get(cluster + "/audit?since=yesterday");

        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.body().get("field").asString()).isEqualTo("since");
    }

    @Test
    void aPageSizeOutOfBoundsAndAForeignPageTokenAreRefused() {
        AdminResponse tooLarge = api.get(cluster + "/audit?page_size=1001");
        AdminResponse foreign = api.get(cluster + "/audit?page_token=bm90LW91cnM");

        assertProblem(tooLarge, 400, "invalid-page-size");
        assertThat(tooLarge.body().get("detail").asString()).contains("between 1 and 1000");
        assertProblem(foreign, 400, "invalid-page-token");
    }

    @Test
    void aMissingAuditEventIsNotFound() {
        AdminResponse answer = api.get(cluster + "/audit/987654");

        assertProblem(answer, 404, "audit-event-not-found");
    }

    private static void assertProblem(AdminResponse answer, int status, String slug) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body().get("type").asString()).isEqualTo("urn:tributary:problem:" + slug);
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\"trace\"");
    }
}

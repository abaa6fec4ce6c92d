package io.tributary.admin.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.AdminApiApplication;
import io.tributary.admin.HttpProbe;
import io.tributary.admin.HttpProbe.Answer;

/**
 * Every way a client can get a request wrong is answered by a problem+json that names the mistake, over real HTTP
 * through the service's own configuration (loopback, no users); a probe controller stands in for the resources.
 */
@SpringBootTest(classes = AdminApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:problem-responses", "tributary.admin.max-request-size=1KB"})
@Import({ProblemResponsesTest.Probe.class, ProblemResponsesTest.ValidatedProbe.class})
@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;
    HttpProbe http;

    @BeforeEach
    void probe() {
        http = new HttpProbe(port);
    }

    @Test
    void brokenJsonSaysWhereItBroke() {
        Answer answer = http.json("POST", "/probe/topics", "{\"topic_name\": \"a\",\n \"partitions_count\": }");

        assertProblem(answer, 400, "malformed-json");
        assertThat(answer.detail()).contains("line 2, column");
    }

    @Test
    void anUnknownFieldIsNamed() {
        Answer answer = http.json("POST", "/probe/topics",
                "{\"topic_name\": \"a\", \"partitions_count\": 1, \"partition_count\": 3}");

        assertProblem(answer, 400, "unknown-field");
        assertThat(answer.body().get("field").asString()).isEqualTo("partition_count");
        assertThat(answer.detail()).contains("'partition_count'").contains("partitions_count");
    }

    @Test
    void aWrongTypeNamesTheFieldAndWhatItMustBe() {
        Answer answer = http.json("POST", "/probe/topics",
                "{\"topic_name\": \"a\", \"partitions_count\": \"three\"}");

        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.body().get("field").asString()).isEqualTo("partitions_count");
        assertThat(answer.body().get("expected").asString()).isEqualTo("an integer");
        assertThat(answer.detail()).isEqualTo("Field 'partitions_count' must be an integer, not 'three'");
    }

    @Test
    void aNumberTooLargeForItsFieldIsAWrongType() {
        Answer answer = http.json("POST", "/probe/topics",
                "{\"topic_name\": \"a\", \"partitions_count\": 99999999999}");

        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.body().get("field").asString()).isEqualTo("partitions_count");
    }

    @Test
    void aWrongTypeInsideAListNamesItsPosition() {
        Answer answer = http.json("POST", "/probe/topics",
                "{\"topic_name\": \"a\", \"partitions_count\": 1, \"configs\": [{\"name\": \"x\", \"value\": {}}]}");

        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.body().get("field").asString()).isEqualTo("configs[0].value");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        Answer answer = http.json("POST", "/probe/topics", "{\"partitions_count\": 2}");

        assertProblem(answer, 400, "missing-field");
        assertThat(answer.body().get("field").asString()).isEqualTo("topic_name");
        assertThat(answer.detail()).isEqualTo("The request body must give 'topic_name'");
    }

    @Test
    void missingAndInvalidFieldsAreListedTogether() {
        Answer answer = http.json("POST", "/probe/topics", "{\"partitions_count\": 0}");

        assertProblem(answer, 422, "validation-failed");
        assertThat(answer.body().get("errors").valueStream().map(error -> error.get("field").asString()))
                .containsExactlyInAnyOrder("topic_name", "partitions_count");
        assertThat(answer.detail()).contains("topic_name").contains("partitions_count");
    }

    @Test
    void noBodyAtAllIsSaid() {
        Answer answer = http.json("POST", "/probe/topics", null);

        assertProblem(answer, 400, "missing-body");
    }

    @Test
    void aBodyDeclaredLargerThanTheBoundIsRefusedBeforeItIsRead() {
        Answer answer = http.json("POST", "/probe/topics", "{\"topic_name\": \"" + "a".repeat(2000) + "\"}");

        assertProblem(answer, 413, "request-too-large");
        assertThat(answer.body().get("max_bytes").asLong()).isEqualTo(1024);
    }

    @Test
    void aChunkedBodyIsCutOffWhereItCrossesTheBound() throws Exception {
        String chunk = "{\"topic_name\": \"" + "a".repeat(1500) + "\"}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /probe/topics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 413").contains("urn:tributary:problem:request-too-large")
                    .contains("\"max_bytes\":1024");
        }
    }

    @Test
    void anUnknownPathIsNotFound() {
        Answer answer = http.send("GET", "/v3/no-such-thing", null);

        assertProblem(answer, 404, "not-found");
        assertThat(answer.detail()).contains("/v3/no-such-thing");
    }

    @Test
    void aUrlTheContainerCannotDecodeIsAProblemTooNotAnHtmlPage() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /v3/% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("\"type\":\"urn:tributary:problem:bad-request\"").doesNotContain("<html");
        }
    }

    @Test
    void aWrongMethodIsNotAllowedAndSaysWhichAre() {
        Answer answer = http.send("DELETE", "/probe/topics", null);

        assertProblem(answer, 405, "method-not-allowed");
        assertThat(answer.header("Allow")).contains("POST");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        Answer answer = http.send("POST", "/probe/topics", "topic_name=a", "Content-Type", "text/plain");

        assertProblem(answer, 415, "unsupported-media-type");
    }

    @Test
    void anAcceptThatExcludesJsonIsNotAcceptable() {
        Answer answer = http.send("GET", "/probe/count?page_size=1", null, "Accept", "text/csv");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(406);
    }

    @Test
    void aParameterOfTheWrongTypeIsNamed() {
        Answer answer = http.send("GET", "/probe/count?page_size=ten", null);

        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.detail()).isEqualTo("Parameter 'page_size' must be an integer, not 'ten'");
    }

    @Test
    void aMissingParameterIsNamed() {
        Answer answer = http.send("GET", "/probe/count", null);

        assertProblem(answer, 400, "missing-parameter");
        assertThat(answer.body().get("field").asString()).isEqualTo("page_size");
    }

    @Test
    void aParameterOutOfBoundsIsAValidationFailure() {
        Answer answer = http.send("GET", "/probe/count?page_size=0", null);

        assertProblem(answer, 422, "validation-failed");
        assertThat(answer.body().get("errors").get(0).get("field").asString()).isEqualTo("page_size");
    }

    @Test
    void aParameterOutOfBoundsOfAValidatedControllerToo() {
        Answer answer = http.send("GET", "/probe/validated?page_size=0", null);

        assertProblem(answer, 422, "validation-failed");
        assertThat(answer.body().get("errors").get(0).get("field").asString()).isEqualTo("page_size");
    }

    @Test
    void aKafkaErrorKeepsItsNameCodeAndMessage() {
        Answer answer = http.json("POST", "/probe/topics", "{\"topic_name\": \"shrink\", \"partitions_count\": 1}");

        assertProblem(answer, 422, "invalid-partitions");
        assertThat(answer.body().get("kafka_error").asString()).isEqualTo("INVALID_PARTITIONS");
        assertThat(answer.body().get("error_code").asInt()).isEqualTo(37);
        assertThat(answer.detail()).isEqualTo("Topic currently has 3 partitions, which is higher than the "
                + "requested 1.");
    }

    @Test
    void anUnexpectedFailureIsA500WithTheIdThatIsInTheLog(CapturedOutput log) {
        Answer answer = http.send("GET", "/probe/fail", null);

        assertProblem(answer, 500, "internal-error");
        String id = answer.body().get("error_id").asString();
        assertThat(answer.detail()).contains(id).doesNotContain("secret detail");
        assertThat(answer.response().body()).doesNotContain("IllegalStateException").doesNotContain("at io.");
        assertThat(log.getOut() + log.getErr()).contains("Unexpected failure " + id)
                .contains("secret detail");
    }

    private static void assertProblem(Answer answer, int status, String slug) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(answer.type()).isEqualTo("urn:tributary:problem:" + slug);
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.response().body()).doesNotContain("\"trace\"").doesNotContain("Exception");
    }

    record Config(@NotBlank String name, String value) {
    }

    record NewTopic(@NotBlank String topicName, @NotNull @Min(1) Integer partitionsCount,
            List<@Valid Config> configs) {
    }

    @RestController
    static class Probe {

        @PostMapping("/probe/topics")
        NewTopic create(@Valid @RequestBody NewTopic topic) {
            if (topic.topicName().equals("shrink")) {
                throw new InvalidPartitionsException("Topic currently has 3 partitions, which is higher than the "
                        + "requested 1.");
            }
            return topic;
        }

        @GetMapping("/probe/count")
        int count(@RequestParam("page_size") @Min(1) int pageSize) {
            return pageSize;
        }

        @GetMapping("/probe/fail")
        String fail() {
            throw new IllegalStateException("secret detail");
        }
    }

    /** Spring validates a {@code @Validated} controller through a proxy, which fails otherwise than the built-in. */
    @RestController
    @Validated
    static class ValidatedProbe {

        @GetMapping("/probe/validated")
        int count(@RequestParam("page_size") @Min(1) int pageSize) {
            return pageSize;
        }
    }
}

package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * The standalone with users and API keys configured: no credentials or a wrong password get a 401 problem, a viewer
 * reads but cannot change anything (nothing changes, nothing is audited), API keys carry their role.
 */
class AuthenticationIT {

    private static final String CI_KEY = "ci-key-5f1c0e7d9a";
    /** "otto-pass", bcrypt-encoded as an operator would write it into the configuration. */
    private static final String OTTO_BCRYPT = "{bcrypt}$2a$10$/TxarFc4S7qqX/rAcZT4COdRc4DJknD91iw3ynYehpk20I18kMzVa";

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient anonymous;
    static AdminApiClient viewer;
    static AdminApiClient operator;
    static String clusterId;

    @BeforeAll
    static void start() throws Exception {
        int httpPort = Ports.free();
        String users = "--tributary.admin.security.users";
        String keys = "--tributary.admin.security.api-keys";
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort,
                users + "[0].name=vera", users + "[0].password={noop}vera-pass", users + "[0].role=viewer",
                users + "[1].name=otto", users + "[1].password=" + OTTO_BCRYPT,
                users + "[1].role=operator",
                keys + "[0].name=ci-pipeline", keys + "[0].hash=" + sha256(CI_KEY), keys + "[0].role=operator");
        anonymous = AdminApiClient.onPort(httpPort);
        viewer = anonymous.withBasic("vera", "vera-pass");
        operator = anonymous.withBasic("otto", "otto-pass");
        AdminApiWaits.whenServing(viewer, "/v3/clusters");
        clusterId = viewer.clusterId();
        try (Admin kafka = kafka()) {
            kafka.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        tributary.close();
    }

    @Test
    void noCredentialsIsA401WithItsChallenge() {
        AdminResponse answer = anonymous.get("/v3/clusters");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.headers().allValues("WWW-Authenticate")).anyMatch(value -> value.startsWith("Basic "))
                .anyMatch(value -> value.startsWith("Bearer "));
        assertThat(answer.body().get("type").asString()).isEqualTo("urn:tributary:problem:unauthenticated");
    }

    @Test
    void aWrongPasswordIsA401() {
        AdminResponse answer = anonymous.withBasic("otto", "not-otto").get("/v3/clusters");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().get("type").asString()).isEqualTo("urn:tributary:problem:bad-credentials");
    }

    @Test
    void theOperatorsBcryptPasswordAndTheHashedBearerKeyWork() {
        assertThat(operator.get("/v3/clusters").status()).isEqualTo(200);
        assertThat(anonymous.withBearer(CI_KEY).get("/v3/clusters").status()).isEqualTo(200);
        assertThat(anonymous.withBearer("not-" + CI_KEY).get("/v3/clusters").status()).isEqualTo(401);
    }

    @Test
    void aViewerCannotChangeAnythingAndNothingIsAudited() throws Exception {
        String topics = "/v3/clusters/" + clusterId + "/topics";
        List<AdminResponse> refused = List.of(
                viewer.post(topics, Map.of("topic_name", "viewer-made", "partitions_count", 1)),
                viewer.patch(topics + "/kept", Map.of("partitions_count", 4)),
                viewer.delete(topics + "/kept"));

        for (AdminResponse answer : refused) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.body().get("type").asString()).isEqualTo("urn:tributary:problem:forbidden");
            assertThat(answer.body().get("detail").asString()).contains("'vera'").contains("operator");
        }
        try (Admin kafka = kafka()) {
            assertThat(kafka.listTopics().names().get(60, TimeUnit.SECONDS)).contains("kept")
                    .doesNotContain("viewer-made");
            assertThat(kafka.describeTopics(Set.of("kept")).allTopicNames().get(60, TimeUnit.SECONDS).get("kept")
                    .partitions()).hasSize(2);
        }
        AdminResponse audit = viewer.get("/v3/clusters/" + clusterId + "/audit?principal=vera");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body().get("data").isEmpty()).as(audit.toString()).isTrue();
    }

    /**
     * Roles are decided by method, so a new write endpoint is covered without anyone remembering it: every operation
     * the OpenAPI document lists that is not a read is refused to a viewer, and none of them is audited.
     */
    @Test
    void aViewerIsRefusedEveryChangeTheDocumentDescribes() {
        AdminResponse document = viewer.get("/v3/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        List<String> tried = new ArrayList<>();
        document.body().get("paths").properties().forEach(path -> {
            String concrete = path.getKey().replace("{cluster_id}", clusterId).replaceAll("\\{[a-z_]+_id}", "0")
                    .replaceAll("\\{[a-z_]+}", "kept");
            for (String method : List.of("post", "put", "patch", "delete")) {
                if (path.getValue().has(method)) {
                    AdminResponse answer = viewer.send(method.toUpperCase(Locale.ROOT), concrete,
                            method.equals("delete") ? null : "{}", Map.of());
                    assertThat(answer.status()).as(method + " " + concrete + ": " + answer).isEqualTo(403);
                    assertThat(answer.body().get("type").asString()).isEqualTo("urn:tributary:problem:forbidden");
                    tried.add(method + " " + path.getKey());
                }
            }
        });
        assertThat(tried).as("the document's write operations").hasSizeGreaterThan(10);
        AdminResponse audit = viewer.get("/v3/clusters/" + clusterId + "/audit?principal=vera");
        assertThat(audit.body().get("data").isEmpty()).as(audit.toString()).isTrue();
    }

    @Test
    void probesAndScrapersNeedNoCredentials() {
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
    }

    private static Admin kafka() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap()));
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}

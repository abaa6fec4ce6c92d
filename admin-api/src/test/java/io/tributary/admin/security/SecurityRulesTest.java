package io.tributary.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.AdminApiApplication;
import io.tributary.admin.HttpProbe;
import io.tributary.admin.HttpProbe.Answer;
import io.tributary.admin.audit.AuditEvents;
import io.tributary.admin.audit.AuditTrail;

/**
 * Users and API keys from configuration, over real HTTP: viewers read, operators change, everybody else gets a 401
 * problem with its challenge, and the audit trail names who made a change.
 */
@SpringBootTest(classes = AdminApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:security-rules")
@Import(SecurityRulesTest.Probe.class)
class SecurityRulesTest {

    private static final String CI_KEY = "ci-key-9876543210";

    /** In one property source: Spring Boot binds a list from one source only. */
    @DynamicPropertySource
    static void callers(DynamicPropertyRegistry registry) {
        String users = "tributary.admin.security.users";
        registry.add(users + "[0].name", () -> "vera");
        registry.add(users + "[0].password", () -> "{noop}vera-pass");
        registry.add(users + "[0].role", () -> "viewer");
        registry.add(users + "[1].name", () -> "otto");
        registry.add(users + "[1].password", () -> "{bcrypt}" + new BCryptPasswordEncoder().encode("otto-pass"));
        registry.add(users + "[1].role", () -> "OPERATOR");
        String keys = "tributary.admin.security.api-keys";
        registry.add(keys + "[0].name", () -> "dashboard");
        registry.add(keys + "[0].key", () -> "dashboard-key-0123456789");
        registry.add(keys + "[0].role", () -> "viewer");
        registry.add(keys + "[1].name", () -> "ci-pipeline");
        registry.add(keys + "[1].hash", () -> ConfiguredCallers.sha256(CI_KEY));
        registry.add(keys + "[1].role", () -> "operator");
    }

    @LocalServerPort
    int port;
    @Autowired
    AuditEvents events;
    HttpProbe http;

    @BeforeEach
    void probe() {
        http = new HttpProbe(port);
    }

    @Test
    void noCredentialsIsA401ProblemWithBothChallenges() {
        Answer answer = http.send("GET", "/probe/whoami", null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.type()).isEqualTo("urn:tributary:problem:unauthenticated");
        assertThat(answer.headers("WWW-Authenticate")).anyMatch(challenge -> challenge.startsWith("Basic realm="))
                .anyMatch(challenge -> challenge.startsWith("Bearer realm="));
    }

    @Test
    void aWrongPasswordIsA401() {
        Answer answer = http.send("GET", "/probe/whoami", null, "Authorization", HttpProbe.basic("vera", "guess"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.type()).isEqualTo("urn:tributary:problem:bad-credentials");
        assertThat(answer.header("WWW-Authenticate")).isNotNull();
    }

    @Test
    void anUnknownApiKeyIsA401() {
        Answer answer = http.send("GET", "/probe/whoami", null, "Authorization", "Bearer not-a-key");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.type()).isEqualTo("urn:tributary:problem:bad-credentials");
        assertThat(answer.headers("WWW-Authenticate")).anyMatch(challenge -> challenge.contains("invalid_token"));
    }

    @Test
    void aViewerReadsButChangesNothing() {
        String vera = HttpProbe.basic("vera", "vera-pass");
        long before = events.count();

        Answer read = http.send("GET", "/probe/whoami", null, "Authorization", vera);
        Answer change = http.send("POST", "/probe/change", null, "Authorization", vera);
        Answer delete = http.send("DELETE", "/probe/change", null, "Authorization", vera);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.response().body()).isEqualTo("vera");
        for (Answer refused : new Answer[] {change, delete}) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.type()).isEqualTo("urn:tributary:problem:forbidden");
            assertThat(refused.detail()).contains("'vera'").contains("operator");
        }
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void anOperatorWithABcryptPasswordChangesAndIsNamedInTheAudit() {
        Answer change = http.send("POST", "/probe/change", null, "Authorization", HttpProbe.basic("otto",
                "otto-pass"));

        assertThat(change.status()).as(change.toString()).isEqualTo(200);
        assertThat(change.response().body()).isEqualTo("otto");
        assertThat(change.header("Set-Cookie")).as("stateless: no session").isNull();
    }

    @Test
    void bearerKeysCarryTheirRoles() {
        Answer dashboardReads = http.send("GET", "/probe/whoami", null, "Authorization",
                "Bearer dashboard-key-0123456789");
        Answer dashboardChanges = http.send("POST", "/probe/change", null, "Authorization",
                "Bearer dashboard-key-0123456789");
        Answer ciChanges = http.send("POST", "/probe/change", null, "Authorization", "Bearer " + CI_KEY);

        assertThat(dashboardReads.response().body()).isEqualTo("dashboard");
        assertThat(dashboardChanges.status()).isEqualTo(403);
        assertThat(ciChanges.status()).as(ciChanges.toString()).isEqualTo(200);
        assertThat(ciChanges.response().body()).isEqualTo("ci-pipeline");
    }

    @Test
    void probesAndScrapersNeedNoCredentialsButOtherActuatorEndpointsDo() {
        // no cluster runs beside this test, so the kafkaCluster component is DOWN: 503, but answered, not 401
        Answer health = http.send("GET", "/actuator/health", null);
        assertThat(health.status()).as(health.toString()).isEqualTo(503);
        assertThat(health.response().body()).contains("\"kafkaCluster\"");
        assertThat(http.send("GET", "/actuator/prometheus", null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/actuator/metrics", null, "Authorization", "Bearer dashboard-key-0123456789")
                .status()).isEqualTo(200);
    }

    @Test
    void anUnknownPathNeedsCredentialsFirst() {
        assertThat(http.send("GET", "/v3/nothing-here", null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/v3/nothing-here", null, "Authorization", HttpProbe.basic("vera",
                "vera-pass")).status()).isEqualTo(404);
    }

    @RestController
    static class Probe {

        private final AuditTrail audit;

        Probe(AuditTrail audit) {
            this.audit = audit;
        }

        @GetMapping("/probe/whoami")
        String whoami(java.security.Principal principal) {
            return principal.getName();
        }

        @PostMapping("/probe/change")
        String change() {
            return audit.record("probe.change", "crn:///kafka=test/probe=1", null, Map.of("changed", true))
                    .principal();
        }

        @DeleteMapping("/probe/change")
        String delete() {
            return audit.record("probe.delete", "crn:///kafka=test/probe=1", Map.of("changed", true), null)
                    .principal();
        }
    }
}

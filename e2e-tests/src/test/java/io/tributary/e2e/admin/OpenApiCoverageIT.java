package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * Every operation of the OpenAPI document was sent by some test. It runs after every other test class of the failsafe
 * JVM ({@code junit.jupiter.testclass.order.default} in {@code junit-platform.properties} orders classes by
 * {@link Order}; failsafe runs all classes in one JUnit launcher, so the order holds), and matches what
 * {@link ExercisedOperations} recorded, method and path, against the document's path templates. Run alone, it lists
 * every operation as missing.
 */
@Order(Integer.MAX_VALUE)
class OpenApiCoverageIT {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
    }

    @AfterAll
    static void stop() {
        tributary.close();
    }

    @Test
    void everyDocumentedOperationWasSentBySomeTest() {
        Set<String> sent = ExercisedOperations.sent();
        AdminResponse document = api.get("/v3/openapi.json");
        assertThat(document.status()).isEqualTo(200);

        List<String> operations = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.body().get("paths").properties()) {
            Pattern template = template(path.getKey());
            for (String method : path.getValue().propertyNames()) {
                String operation = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                operations.add(operation);
                if (sent.stream().noneMatch(request -> matches(request, method, template))) {
                    missing.add(operation);
                }
            }
        }

        assertThat(operations).as("documented operations").isNotEmpty();
        assertThat(missing).as("documented operations that none of the %d requests the tests sent matched",
                sent.size()).isEmpty();
    }

    private static boolean matches(String request, String method, Pattern template) {
        int space = request.indexOf(' ');
        return request.substring(0, space).equalsIgnoreCase(method) && template.matcher(request.substring(space + 1))
                .matches();
    }

    /** {@code /v3/clusters/{cluster_id}/topics} as a pattern: each {@code {variable}} is one non-empty segment. */
    static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < path.length()) {
            int open = path.indexOf('{', at);
            if (open < 0) {
                regex.append(Pattern.quote(path.substring(at)));
                break;
            }
            int close = path.indexOf('}', open);
            regex.append(Pattern.quote(path.substring(at, open))).append("[^/]+");
            at = close + 1;
        }
        return Pattern.compile(regex.toString());
    }
}

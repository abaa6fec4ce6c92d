package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * The running standalone serves its OpenAPI document at {@code /v3/openapi.json}: valid against the official OpenAPI
 * 3.1 JSON Schema (the OpenAPI Initiative's {@code schemas/v3.1/schema.json}, published as
 * {@code https://spec.openapis.org/oas/3.1/schema/2022-10-07}, kept under {@code src/test/resources/openapi/}),
 * with stable operation ids, the problem responses, and the JSON's own snake_case field names; Swagger UI shows it.
 */
class OpenApiIT {

    private static final String OAS_31_SCHEMA = "/openapi/oas-3.1-schema-2022-10-07.json";

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
    void theDocumentIsValidOpenApi31() {
        AdminResponse document = api.get("/v3/openapi.json");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().get("openapi").asString()).startsWith("3.1.");
        Schema oas31 = oas31Schema();
        assertThat(oas31.validate(document.body())).isEmpty();

        ObjectNode withoutInfo = (ObjectNode) document.body().deepCopy();
        withoutInfo.remove("info");
        List<Error> errors = oas31.validate(withoutInfo);
        assertThat(errors).as("the validator refuses a document without its required info").isNotEmpty();
    }

    @Test
    void everyOperationHasAUniqueIdAndDocumentsItsProblems() {
        JsonNode document = api.get("/v3/openapi.json").body();

        Set<String> ids = new HashSet<>();
        List<String> withoutProblems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String id = operation.getValue().path("operationId").asString("");
                assertThat(id).as(operation.getKey() + " " + path.getKey() + " has an operationId").isNotBlank();
                assertThat(ids.add(id)).as("operationId " + id + " is unique").isTrue();
                JsonNode notFound = operation.getValue().path("responses").path("404");
                if (!notFound.path("content").has("application/problem+json")) {
                    withoutProblems.add(operation.getKey() + " " + path.getKey());
                }
            }
        }
        assertThat(withoutProblems).as("operations without a problem+json 404").isEmpty();
        assertThat(ids).contains("listBrokers", "getBroker", "listTopicConfigs", "getTopicConfig",
                "updateTopicConfig", "resetTopicConfig", "alterTopicConfigs");
    }

    @Test
    void describesTheJsonAsTheApiWritesIt() {
        JsonNode document = api.get("/v3/openapi.json").body();
        JsonNode schemas = document.get("components").get("schemas");

        assertThat(schemas.get("BrokerResource").get("properties").propertyNames())
                .contains("broker_id", "is_controller", "advertised_listeners", "health", "role");
        assertThat(schemas.get("TopicConfigResource").get("properties").propertyNames())
                .contains("topic_name", "is_default", "is_read_only", "is_sensitive", "default_value", "synonyms");
        assertThat(schemas.get("Problem").get("properties").propertyNames())
                .contains("type", "title", "status", "detail", "kafka_error", "error_code");
        JsonNode alter = document.get("paths").get("/v3/clusters/{cluster_id}/topics/{topic_name}/configs:alter")
                .get("post");
        assertThat(alter.get("requestBody").get("content").get("application/json").get("schema").get("$ref")
                .asString()).isEqualTo("#/components/schemas/ConfigBatch");
        assertThat(alter.get("responses").has("204")).isTrue();
        assertThat(alter.get("responses").get("422").get("content").get("application/problem+json").get("schema")
                .get("$ref").asString()).isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void swaggerUiShowsTheDocument() {
        AdminResponse page = api.get("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("swagger-ui");

        AdminResponse config = api.get("/v3/openapi.json/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().get("url").asString()).isEqualTo("/v3/openapi.json");
    }

    private static Schema oas31Schema() {
        try (InputStream schema = OpenApiIT.class.getResourceAsStream(OAS_31_SCHEMA)) {
            assertThat(schema).as(OAS_31_SCHEMA).isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

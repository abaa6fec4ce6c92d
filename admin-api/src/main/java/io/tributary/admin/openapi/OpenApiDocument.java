package io.tributary.admin.openapi;

import java.util.Map;
import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The OpenAPI document springdoc generates from the controllers, completed with what every operation shares: the
 * RFC 9457 problem responses of {@code ProblemResponses}, so that a client generated from the document knows them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final Set<PathItem.HttpMethod> CHANGES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    /**
     * The schemas with the JSON's own field names: the API writes snake_case ({@code spring.jackson
     * .property-naming-strategy}), and springdoc reads the records with a mapper of its own.
     */
    @Bean
    ModelResolver snakeCaseSchemas(ObjectMapperProvider mappers) {
        return new ModelResolver(mappers.jsonMapper().copy()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)).openapi31(mappers.isOpenapi31());
    }

    @Bean
    OpenApiCustomizer sharedProblemResponses() {
        return openApi -> {
            openApi.info(new Info()
                    .title("Tributary admin API")
                    .description("Topics, configs, brokers, consumer groups, committed offsets and lag of a "
                            + "Tributary (or any Kafka) cluster, shaped after Confluent REST Proxy v3. Every error is "
                            + "an RFC 9457 problem+json body.")
                    .version("v3")
                    .license(new License().name("Apache-2.0").identifier("Apache-2.0")));
            openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                addProblem(operation, "400", "The request is malformed: bad JSON, an unknown field, a wrong type");
                addProblem(operation, "404", "The cluster, or a resource the path names, does not exist");
                addProblem(operation, "503", "The cluster cannot answer now");
                addProblem(operation, "504", "The cluster did not answer within the request timeout");
                if (CHANGES.contains(method)) {
                    addProblem(operation, "409", "The change conflicts with the resource's state");
                    addProblem(operation, "422", "The cluster refused a value (Kafka's error and message)");
                }
            }));
        };
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(PROBLEM_MEDIA_TYPE, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = Map.of(
                "type", new StringSchema().format("uri")
                        .description("urn:tributary:problem:<slug>, one per Kafka error and per refusal of the API"),
                "title", new StringSchema().description("the Kafka error name, or the HTTP reason"),
                "status", new IntegerSchema(),
                "detail", new StringSchema().description("what exactly was wrong"),
                "instance", new StringSchema().format("uri-reference"),
                "kafka_error", new StringSchema().description("the Kafka protocol's error name, when the cluster "
                        + "answered it"),
                "error_code", new IntegerSchema().description("the Kafka protocol's error code"));
        return new ObjectSchema().description("An RFC 9457 problem").properties(properties);
    }
}

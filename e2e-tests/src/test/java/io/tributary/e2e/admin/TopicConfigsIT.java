package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * A topic's configs through the admin API of a standalone: listed with Kafka's source, synonyms and the value they
 * reset to; set, reset and altered in a batch (all or nothing, or only validated), each change checked through
 * kafka-clients' own DescribeConfigs and in the audit trail; and every refusal with its status and Kafka's message.
 * The broker sets {@code log.retention.bytes}, so that {@code retention.bytes} has a broker level between the topic's
 * override and the built-in default.
 */
class TopicConfigsIT {

    private static final String BROKER_RETENTION_BYTES = "1073741824";

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static Admin kafka;
    static String clusterId;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort,
                "--log.retention.bytes=" + BROKER_RETENTION_BYTES);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        clusterId = api.clusterId();
        kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap()));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        tributary.close();
    }

    @Test
    void listsEveryConfigWithItsSourceSynonymsAndDefault(TestInfo test) {
        String topic = topic(test, Map.of("retention.ms", "1000000", "retention.bytes", "5000"));

        AdminResponse list = api.get(configs(topic));

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("kind").asString()).isEqualTo("KafkaTopicConfigList");
        List<String> names = StreamSupport.stream(list.body().get("data").spliterator(), false)
                .map(config -> config.get("name").asString()).toList();
        assertThat(names).isSorted().containsExactlyInAnyOrderElementsOf(kafkaConfigs(topic).keySet());

        JsonNode retentionMs = config(list, "retention.ms");
        assertThat(retentionMs.get("kind").asString()).isEqualTo("KafkaTopicConfig");
        assertThat(retentionMs.get("cluster_id").asString()).isEqualTo(clusterId);
        assertThat(retentionMs.get("topic_name").asString()).isEqualTo(topic);
        assertThat(retentionMs.get("value").asString()).isEqualTo("1000000");
        assertThat(retentionMs.get("source").asString()).isEqualTo("DYNAMIC_TOPIC_CONFIG");
        assertThat(retentionMs.get("is_default").asBoolean()).isFalse();
        assertThat(retentionMs.get("is_read_only").asBoolean()).isFalse();
        assertThat(retentionMs.get("is_sensitive").asBoolean()).isFalse();
        assertThat(retentionMs.get("default_value").asString()).isEqualTo("604800000");
        assertThat(synonyms(retentionMs)).containsExactly("DYNAMIC_TOPIC_CONFIG=1000000", "DEFAULT_CONFIG=604800000");
        assertThat(retentionMs.get("metadata").get("self").asString())
                .isEqualTo(api.baseUrl() + configs(topic) + "/retention.ms");
        assertThat(retentionMs.get("metadata").get("resource_name").asString())
                .isEqualTo("crn:///kafka=" + clusterId + "/topic=" + topic + "/config=retention.ms");

        JsonNode retentionBytes = config(list, "retention.bytes");
        assertThat(retentionBytes.get("default_value").asString()).isEqualTo(BROKER_RETENTION_BYTES);
        assertThat(synonyms(retentionBytes)).containsExactly("DYNAMIC_TOPIC_CONFIG=5000",
                "STATIC_BROKER_CONFIG=" + BROKER_RETENTION_BYTES, "DEFAULT_CONFIG=-1");

        JsonNode cleanupPolicy = config(list, "cleanup.policy");
        assertThat(cleanupPolicy.get("value").asString()).isEqualTo("delete");
        assertThat(cleanupPolicy.get("source").asString()).isEqualTo("DEFAULT_CONFIG");
        assertThat(cleanupPolicy.get("is_default").asBoolean()).isTrue();
        assertThat(cleanupPolicy.get("default_value").asString()).isEqualTo("delete");
    }

    @Test
    void describesOneConfigAndRefusesAnUnknownOneOrTopic(TestInfo test) {
        String topic = topic(test, Map.of("retention.ms", "1000000"));

        AdminResponse one = api.get(configs(topic) + "/retention.ms");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("name").asString()).isEqualTo("retention.ms");
        assertThat(one.body().get("value").asString()).isEqualTo("1000000");

        AdminResponse unknownConfig = api.get(configs(topic) + "/no.such.config");
        assertThat(unknownConfig.status()).isEqualTo(404);
        assertThat(unknownConfig.body().get("type").asString()).isEqualTo("urn:tributary:problem:config-not-found");
        assertThat(unknownConfig.body().get("detail").asString())
                .isEqualTo("Config no.such.config cannot be found for topic " + topic);

        AdminResponse unknownTopic = api.get(configs("no-such-topic"));
        assertThat(unknownTopic.status()).isEqualTo(404);
        assertThat(unknownTopic.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownTopic.body().get("kafka_error").asString()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");
        assertThat(unknownTopic.body().get("type").asString())
                .isEqualTo("urn:tributary:problem:unknown-topic-or-partition");
    }

    @Test
    void setsAConfigAndAuditsItsValueBeforeAndAfter(TestInfo test) {
        String topic = topic(test, Map.of("retention.ms", "1000000"));

        AdminResponse set = api.put(configs(topic) + "/retention.ms", Map.of("value", "2000"));

        assertThat(set.status()).isEqualTo(204);
        ConfigEntry stored = kafkaConfigs(topic).get("retention.ms");
        assertThat(stored.value()).isEqualTo("2000");
        assertThat(stored.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        List<JsonNode> events = AuditLog.forResource(api, clusterId, Links.config(clusterId, topic, "retention.ms"));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").asString()).isEqualTo("topic_config.update");
        assertThat(events.get(0).get("before").get("value").asString()).isEqualTo("1000000");
        assertThat(events.get(0).get("after").get("value").asString()).isEqualTo("2000");
    }

    @Test
    void resetsAConfigToItsDefault(TestInfo test) {
        String topic = topic(test, Map.of("retention.ms", "1000000"));

        AdminResponse reset = api.delete(configs(topic) + "/retention.ms");

        assertThat(reset.status()).isEqualTo(204);
        ConfigEntry stored = kafkaConfigs(topic).get("retention.ms");
        assertThat(stored.value()).isEqualTo("604800000");
        assertThat(stored.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        JsonNode shown = api.get(configs(topic) + "/retention.ms").body();
        assertThat(shown.get("source").asString()).isEqualTo("DEFAULT_CONFIG");
        assertThat(shown.get("is_default").asBoolean()).isTrue();
        List<JsonNode> events = AuditLog.forResource(api, clusterId, Links.config(clusterId, topic, "retention.ms"));
        assertThat(AuditLog.actions(events)).containsExactly("topic_config.reset");
        assertThat(events.get(0).get("before").get("source").asString()).isEqualTo("DYNAMIC_TOPIC_CONFIG");
        assertThat(events.get(0).get("after").get("value").asString()).isEqualTo("604800000");
    }

    @Test
    void refusesWhatTheClusterRefusesWithKafkasMessageAndChangesNothing(TestInfo test) {
        String topic = topic(test, Map.of("retention.ms", "1000000"));

        AdminResponse notANumber = api.put(configs(topic) + "/retention.ms", Map.of("value", "abc"));
        assertThat(notANumber.status()).isEqualTo(422);
        assertThat(notANumber.header("Content-Type")).startsWith("application/problem+json");
        assertThat(notANumber.body().get("kafka_error").asString()).isEqualTo("INVALID_CONFIG");
        assertThat(notANumber.body().get("error_code").asInt()).isEqualTo(40);
        assertThat(notANumber.body().get("detail").asString())
                .isEqualTo("Invalid value abc for configuration retention.ms: Not a number of type LONG");

        AdminResponse unknownName = api.put(configs(topic) + "/no.such.config", Map.of("value", "1"));
        assertThat(unknownName.status()).isEqualTo(422);
        assertThat(unknownName.body().get("kafka_error").asString()).isEqualTo("INVALID_CONFIG");
        assertThat(unknownName.body().get("detail").asString()).isEqualTo("Unknown topic config name: no.such.config");

        AdminResponse noValue = api.put(configs(topic) + "/retention.ms", Map.of());
        assertThat(noValue.status()).isEqualTo(422);
        assertThat(noValue.body().get("type").asString()).isEqualTo("urn:tributary:problem:config-value-required");

        AdminResponse unknownField = api.put(configs(topic) + "/retention.ms", "{\"value\": \"1\", \"values\": 2}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.header("Content-Type")).startsWith("application/problem+json");

        AdminResponse unknownTopic = api.put(configs("no-such-topic") + "/retention.ms", Map.of("value", "1"));
        assertThat(unknownTopic.status()).isEqualTo(404);
        assertThat(unknownTopic.body().get("kafka_error").asString()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");

        assertThat(kafkaConfigs(topic).get("retention.ms").value()).isEqualTo("1000000");
        assertThat(AuditLog.under(api, clusterId, Links.topic(clusterId, topic))).isEmpty();
    }

    @Test
    void altersABatchAllOrNothing(TestInfo test) {
        String topic = topic(test, Map.of("retention.ms", "1000000"));
        String alter = configs(topic) + ":alter";

        AdminResponse oneBad = api.post(alter, Map.of("data", List.of(
                Map.of("name", "segment.ms", "value", "60000"),
                Map.of("name", "max.message.bytes", "value", "-"))));
        assertThat(oneBad.status()).isEqualTo(422);
        assertThat(oneBad.body().get("kafka_error").asString()).isEqualTo("INVALID_CONFIG");
        assertThat(oneBad.body().get("detail").asString()).contains("max.message.bytes");
        assertThat(kafkaConfigs(topic).get("segment.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        AdminResponse validated = api.post(alter, Map.of("validate_only", true, "data", List.of(
                Map.of("name", "segment.ms", "value", "60000"))));
        assertThat(validated.status()).isEqualTo(204);
        assertThat(kafkaConfigs(topic).get("segment.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(AuditLog.under(api, clusterId, Links.topic(clusterId, topic))).isEmpty();

        AdminResponse applied = api.post(alter, Map.of("data", List.of(
                Map.of("name", "segment.ms", "value", "60000", "operation", "SET"),
                Map.of("name", "retention.ms", "operation", "DELETE"))));
        assertThat(applied.status()).isEqualTo(204);
        Map<String, ConfigEntry> stored = kafkaConfigs(topic);
        assertThat(stored.get("segment.ms").value()).isEqualTo("60000");
        assertThat(stored.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        List<JsonNode> events = AuditLog.forResource(api, clusterId, Links.topic(clusterId, topic));
        assertThat(AuditLog.actions(events)).containsExactly("topic_configs.alter");
        JsonNode before = events.get(0).get("before");
        JsonNode after = events.get(0).get("after");
        assertThat(values(before)).containsExactly("retention.ms=1000000", "segment.ms=604800000");
        assertThat(values(after)).containsExactly("retention.ms=604800000", "segment.ms=60000");
    }

    @Test
    void refusesABatchNoClusterCouldApply(TestInfo test) {
        String topic = topic(test, Map.of());
        String alter = configs(topic) + ":alter";

        AdminResponse twice = api.post(alter, Map.of("data", List.of(
                Map.of("name", "segment.ms", "value", "60000"),
                Map.of("name", "segment.ms", "operation", "DELETE"))));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body().get("type").asString()).isEqualTo("urn:tributary:problem:duplicate-config-change");

        AdminResponse empty = api.post(alter, Map.of("data", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("type").asString()).isEqualTo("urn:tributary:problem:no-config-changes");

        AdminResponse deleteWithValue = api.post(alter, Map.of("data", List.of(
                Map.of("name", "segment.ms", "value", "1", "operation", "DELETE"))));
        assertThat(deleteWithValue.status()).isEqualTo(422);
        assertThat(deleteWithValue.body().get("type").asString())
                .isEqualTo("urn:tributary:problem:config-value-not-allowed");

        AdminResponse unknownOperation = api.post(alter, Map.of("data", List.of(
                Map.of("name", "segment.ms", "value", "1", "operation", "APPEND"))));
        assertThat(unknownOperation.status()).isEqualTo(400);

        AdminResponse notJson = api.post(alter, "{\"data\": [");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.header("Content-Type")).startsWith("application/problem+json");
    }

    private static String topic(TestInfo test, Map<String, String> configs) {
        String name = "configs-" + test.getTestMethod().orElseThrow().getName();
        try {
            kafka.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot create topic " + name, e);
        }
        return name;
    }

    private static String configs(String topic) {
        return "/v3/clusters/" + clusterId + "/topics/" + topic + "/configs";
    }

    private static Map<String, ConfigEntry> kafkaConfigs(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            return kafka.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).entries()
                    .stream().collect(Collectors.toMap(ConfigEntry::name, e -> e));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot describe the configs of " + topic, e);
        }
    }

    private static JsonNode config(AdminResponse list, String name) {
        return StreamSupport.stream(list.body().get("data").spliterator(), false)
                .filter(config -> config.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no config " + name + " in " + list));
    }

    private static List<String> synonyms(JsonNode config) {
        return StreamSupport.stream(config.get("synonyms").spliterator(), false)
                .map(s -> s.get("source").asString() + "=" + s.get("value").asString())
                .toList();
    }

    private static List<String> values(JsonNode configs) {
        return StreamSupport.stream(configs.spliterator(), false)
                .map(c -> c.get("name").asString() + "=" + c.get("value").asString())
                .sorted()
                .toList();
    }

    /** Resource names as the admin API writes them in the audit trail. */
    private static final class Links {

        static String topic(String clusterId, String topic) {
            return "crn:///kafka=" + clusterId + "/topic=" + topic;
        }

        static String config(String clusterId, String topic, String name) {
            return topic(clusterId, topic) + "/config=" + name;
        }
    }
}

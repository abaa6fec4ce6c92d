package io.tributary.sample.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample as users run it: against the standalone jar as its own process, driven over HTTP. */
@ExtendWith(StandaloneTributaryExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OrdersSampleIT {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void tributary(DynamicPropertyRegistry registry) {
        registry.add("tributary.bootstrap-servers", StandaloneTributaryExtension::bootstrap);
    }

    @Test
    void aPostedOrderIsConsumed() throws Exception {
        HttpResponse<String> posted = post("{\"product\":\"tea\",\"quantity\":2}");

        assertThat(posted.statusCode()).isEqualTo(202);
        String id = posted.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get().body()).contains("{\"id\":\"" + id + "\",\"product\":\"tea\",\"quantity\":2}"));
    }

    @Test
    void theListenerCommitsInTheGroupTheApplicationPropertiesName() throws Exception {
        assertThat(post("{\"id\":\"group-1\",\"product\":\"tea\",\"quantity\":1}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get().body()).contains("group-1"));

        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StandaloneTributaryExtension.bootstrap()))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("orders-sample")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                assertThat(committed.keySet()).extracting(TopicPartition::topic).contains("orders");
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isPositive();
            });
            // the listener's id is not a group of its own
            assertThat(admin.listConsumerGroupOffsets("orders").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void actuatorExposesHealthPrometheusAndTheListeners() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        HttpResponse<String> listener = get("/actuator/kafkalisteners/orders");
        assertThat(listener.statusCode()).isEqualTo(200);
        assertThat(listener.body()).contains("\"id\":\"orders\"").contains("\"groupId\":\"orders-sample\"");
    }

    @Test
    void aRejectedOrderEndsInTheDeadLetterTopicWithTheException() throws Exception {
        assertThat(post("{\"id\":\"bad-1\",\"product\":\"tea\",\"quantity\":0}").statusCode()).isEqualTo(202);

        ConsumerRecord<String, String> dead = readDeadLetter("bad-1");
        assertThat(dead.value()).isEqualTo("{\"id\":\"bad-1\",\"product\":\"tea\",\"quantity\":0}");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("orders");
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(dead, "kafka_dlt-exception-message"))
                .contains("order bad-1 has quantity 0; it must be at least 1");
        assertThat(get().body()).doesNotContain("bad-1");
    }

    private ConsumerRecord<String, String> readDeadLetter(String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StandaloneTributaryExtension.bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (consumer.assignment().isEmpty()) {
                    // created by the consumer starter with the first dead letter
                    List<TopicPartition> all = consumer.partitionsFor("orders.DLT").stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                    if (all.isEmpty()) {
                        return false;
                    }
                    consumer.assign(all);
                    consumer.seekToBeginning(all);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return get("/orders");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * What an operator scrapes: the standalone's Actuator health and its Prometheus metrics, with per-API request
 * counts and latencies, byte counters and consumer lag.
 */
class ActuatorIT {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static int httpPort;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
    }

    @AfterAll
    static void stop() {
        tributary.close();
    }

    @Test
    void healthIsUpAndPrometheusShowsRequestsBytesAndLag() throws Exception {
        // the HTTP server comes up after the Kafka listeners the harness waits for
        Waiting.atMost(Duration.ofSeconds(30), () -> "/actuator/health never said UP")
                .until(() -> healthIsUp());

        ClientSupport.createTopic(tributary.bootstrap(), "scraped", 1, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(tributary.bootstrap(), Map.of()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("scraped", "k" + i, "v" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(ClientSupport.consumerConfig(tributary.bootstrap(),
                Map.of("group.id", "scrapers", "enable.auto.commit", "false")),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("scraped"));
            int[] read = {0};
            Waiting.atMost(Duration.ofSeconds(60), () -> "read " + read[0] + " records").until(() -> {
                read[0] += consumer.poll(Duration.ofMillis(200)).count();
                return read[0] >= 4;
            });
            consumer.commitSync(Map.of(new TopicPartition("scraped", 0), new OffsetAndMetadata(4)));
        }

        String metrics = get("/actuator/prometheus");
        assertThat(metrics)
                .contains("tributary_requests_total{api=\"Produce\"")
                .contains("tributary_request_latency_seconds_bucket{api=\"Produce\"")
                .contains("tributary_requests_total{api=\"JoinGroup\"")
                .contains("tributary_network_bytes_in_bytes_total")
                // the broker and the coordinator in one JVM keep their request meters apart
                .contains("tributary_connections{server=\"broker\"")
                .contains("tributary_connections{server=\"coordinator\"");
        // the lag gauges are refreshed every 10 s
        Waiting.atMost(Duration.ofSeconds(40), () -> "no lag of 6 for group scrapers in the Prometheus metrics")
                .until(() -> get("/actuator/prometheus").contains(
                        "tributary_group_lag{group=\"scrapers\",partition=\"0\",service=\"standalone\",topic=\"scraped\"} 6.0"));
    }

    private static boolean healthIsUp() {
        try {
            return get("/actuator/health").contains("\"status\":\"UP\"");
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private static String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        }
    }
}

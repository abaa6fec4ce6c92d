package io.tributary.spring.e2e.listener;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.tributary.spring.test.EmbeddedTributary;
import tools.jackson.databind.JsonNode;

/**
 * The one application context of the listener scenarios (every class extending this shares it): an application on
 * a random port with the kafkalisteners endpoint and health details exposed, its listeners on topics of two
 * partitions, no retries, and a lag threshold of two seconds read afresh on every health check.
 */
@SpringBootTest(classes = ListenerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "tributary.consumer.group-id=listener-scenarios",
            "tributary.consumer.retry.max-attempts=1",
            "tributary.consumer.health.max-lag=2s",
            "tributary.consumer.health.lag-cache-time=0s",
            "tributary.consumer.operations.timeout=20s",
            "management.endpoints.web.exposure.include=health,kafkalisteners",
            "management.endpoint.health.show-details=always"
        })
@EmbeddedTributary(topics = {ListenerTestApplication.PAUSE, ListenerTestApplication.SEEK,
        ListenerTestApplication.REPLAY, ListenerTestApplication.HEALTH, ListenerTestApplication.STOP},
        partitions = 2)
abstract class ListenerScenarios {

    static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Value("${tributary.embedded.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    ListenerTestApplication.Received received;

    ActuatorClient actuator() {
        return new ActuatorClient(port);
    }

    /** The listener as the endpoint shows it, once it is assigned both partitions of its topic. */
    JsonNode awaitAssigned(String listener) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            seen[0] = actuator().get("/kafkalisteners/" + listener).body();
            return seen[0].path("partitions").size() == 2;
        });
        return seen[0];
    }

    void awaitConsumersPaused(String listener, boolean paused) {
        await().atMost(WAIT).until(() -> actuator().get("/kafkalisteners/" + listener).body()
                .path("consumersPaused").asBoolean() == paused);
    }

    void produce(String topic, int partition, String value, String traceId) {
        produce(topic, partition, null, value, traceId);
    }

    /** Produces {@code value} with {@code timestamp} as its create time (null: now). */
    void produce(String topic, int partition, Long timestamp, String value, String traceId) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, timestamp, null,
                    value);
            if (traceId != null) {
                record.headers().add("trace-id", traceId.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Producing " + value + " to " + topic + " failed", e);
        }
    }
}

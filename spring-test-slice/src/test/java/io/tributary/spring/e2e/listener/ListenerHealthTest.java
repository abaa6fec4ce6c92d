package io.tributary.spring.e2e.listener;

import static io.tributary.spring.e2e.listener.ListenerTestApplication.HEALTH;
import static io.tributary.spring.e2e.listener.ListenerTestApplication.STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import tools.jackson.databind.JsonNode;

/** The kafkaListeners health contributor, read over HTTP as a platform's probes read it. */
class ListenerHealthTest extends ListenerScenarios {

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Test
    void aListenerWhoseOldestWaitingRecordPassesTheThresholdIsOutOfServiceUntilItCatchesUp() {
        awaitAssigned(HEALTH);
        assertThat(status(HEALTH)).isEqualTo("UP");
        actuator().post("/kafkalisteners/" + HEALTH + "/pause", "{}");
        awaitConsumersPaused(HEALTH, true);

        produce(HEALTH, 1, "h1", null);

        await().atMost(WAIT).until(() -> "OUT_OF_SERVICE".equals(status(HEALTH)));
        JsonNode details = health(HEALTH).path("details");
        assertThat(details.path("lagSeconds").asDouble()).isGreaterThan(2.0);
        assertThat(details.path("maxLagSeconds").asDouble()).isEqualTo(2.0);
        assertThat(details.path("partitions").path(HEALTH + "-1").path("lag").asLong()).isEqualTo(1);

        actuator().post("/kafkalisteners/" + HEALTH + "/resume", "{}");
        await().atMost(WAIT).until(() -> received.health.contains("h1"));
        await().atMost(WAIT).until(() -> "UP".equals(status(HEALTH)));
    }

    @Test
    void aListenerWhoseContainerStoppedIsDown() {
        awaitAssigned(STOP);
        assertThat(status(STOP)).isEqualTo("UP");
        MessageListenerContainer container = registry.getListenerContainer(STOP);

        container.stop();
        try {
            await().atMost(WAIT).until(() -> "DOWN".equals(status(STOP)));
            assertThat(health(STOP).path("details").path("running").asBoolean()).isFalse();
        } finally {
            container.start();
        }
        await().atMost(WAIT).until(() -> "UP".equals(status(STOP)));
    }

    private String status(String listener) {
        return health(listener).path("status").asString();
    }

    private JsonNode health(String listener) {
        return actuator().get("/health/kafkaListeners/" + listener).body();
    }
}

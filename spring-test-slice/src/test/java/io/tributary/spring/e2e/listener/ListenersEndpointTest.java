package io.tributary.spring.e2e.listener;

import static io.tributary.spring.e2e.listener.ListenerTestApplication.PAUSE;
import static io.tributary.spring.e2e.listener.ListenerTestApplication.REPLAY;
import static io.tributary.spring.e2e.listener.ListenerTestApplication.SEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The kafkalisteners endpoint over HTTP against listeners consuming from the embedded cluster. */
class ListenersEndpointTest extends ListenerScenarios {

    @Test
    void theListShowsEveryListenerWithItsGroupStateAndAssignments() {
        awaitAssigned(SEEK);

        ActuatorClient.Answer all = actuator().get("/kafkalisteners");

        assertThat(all.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        all.body().path("listeners").forEach(listener -> ids.add(listener.path("id").asString()));
        assertThat(ids).contains(PAUSE, SEEK, REPLAY);
        JsonNode seek = listener(all.body(), SEEK);
        // spring-kafka: a listener id is its group id unless the annotation says idIsGroup = false
        assertThat(seek.path("groupId").asString()).isEqualTo(SEEK);
        assertThat(seek.path("running").asBoolean()).isTrue();
        assertThat(seek.path("concurrency").asInt()).isEqualTo(1);
        assertThat(seek.path("topics").get(0).asString()).isEqualTo(SEEK);
        assertThat(seek.path("partitions").size()).isEqualTo(2);
        assertThat(seek.path("partitions").get(1).path("topic").asString()).isEqualTo(SEEK);
        assertThat(seek.path("partitions").get(1).path("partition").asInt()).isEqualTo(1);
        assertThat(seek.path("partitions").get(1).has("logEndOffset")).isTrue();
    }

    @Test
    void aPausedListenerConsumesNothingShowsWhatWaitsAndConsumesItWhenResumed() {
        awaitAssigned(PAUSE);

        ActuatorClient.Answer paused = actuator().post("/kafkalisteners/" + PAUSE + "/pause", "{}");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().path("listener").path("paused").asBoolean()).isTrue();
        awaitConsumersPaused(PAUSE, true);
        produce(PAUSE, 0, "p1", null);
        produce(PAUSE, 0, "p2", null);
        produce(PAUSE, 1, "p3", null);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(received.pause::isEmpty);
        JsonNode waiting = actuator().get("/kafkalisteners/" + PAUSE).body();
        assertThat(waiting.path("lag").asLong()).isEqualTo(3);
        assertThat(waiting.path("lagSeconds").asDouble()).isGreaterThanOrEqualTo(2.0);
        assertThat(waiting.path("partitions").get(0).path("lag").asLong()).isEqualTo(2);
        assertThat(waiting.path("partitions").get(1).path("lag").asLong()).isEqualTo(1);

        assertThat(actuator().post("/kafkalisteners/" + PAUSE + "/resume", "{}").status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.pause).containsExactlyInAnyOrder("p1", "p2",
                "p3"));
        await().atMost(WAIT).until(() -> actuator().get("/kafkalisteners/" + PAUSE).body().path("lag").asLong() == 0);
    }

    @Test
    void seekingToTheBeginningConsumesTheTopicAgainAndSeekingToAnOffsetOrATimestampFromThere() {
        awaitAssigned(SEEK);
        long now = System.currentTimeMillis();
        produce(SEEK, 0, now - 30_000, "s0", null);
        produce(SEEK, 0, now - 20_000, "s1", null);
        produce(SEEK, 0, now - 10_000, "s2", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.seek).containsExactly("s0", "s1", "s2"));

        ActuatorClient.Answer sought = actuator().post("/kafkalisteners/" + SEEK + "/seek", "{\"to\":\"beginning\"}");

        assertThat(sought.status()).isEqualTo(200);
        assertThat(sought.body().path("sought").size()).isEqualTo(2);
        sought.body().path("sought").forEach(seek -> {
            assertThat(seek.path("offset").asLong()).isZero();
            assertThat(seek.path("committed").asBoolean()).isTrue();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.seek)
                .containsExactly("s0", "s1", "s2", "s0", "s1", "s2"));

        ActuatorClient.Answer toOffset = actuator().post("/kafkalisteners/" + SEEK + "/seek",
                "{\"to\":\"offset\",\"offset\":2,\"topic\":\"" + SEEK + "\",\"partition\":0}");

        assertThat(toOffset.status()).isEqualTo(200);
        assertThat(toOffset.body().path("sought").size()).isEqualTo(1);
        assertThat(toOffset.body().path("sought").get(0).path("offset").asLong()).isEqualTo(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.seek)
                .containsExactly("s0", "s1", "s2", "s0", "s1", "s2", "s2"));

        ActuatorClient.Answer toTimestamp = actuator().post("/kafkalisteners/" + SEEK + "/seek",
                "{\"to\":\"timestamp\",\"timestamp\":" + (now - 25_000) + "}");

        assertThat(toTimestamp.status()).isEqualTo(200);
        // partition 0 from s1, the first record at or after the time; partition 1, empty, at its end
        assertThat(toTimestamp.body().path("sought").findValues("offset")).extracting(JsonNode::asLong)
                .containsExactlyInAnyOrder(1L, 0L);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.seek)
                .containsExactly("s0", "s1", "s2", "s0", "s1", "s2", "s2", "s1", "s2"));
    }

    @Test
    void aCallersMistakeIsAnErrorThatSaysWhatWasWrong() {
        awaitAssigned(SEEK);
        String seek = "/kafkalisteners/" + SEEK + "/seek";

        assertError(actuator().get("/kafkalisteners/no-such-listener"), 404, "no-such-listener");
        assertError(actuator().post("/kafkalisteners/no-such-listener/pause", "{}"), 404, "no-such-listener");
        assertError(actuator().post("/kafkalisteners/" + SEEK + "/rewind", "{}"), 404, "rewind");
        assertError(actuator().post(seek, "{}"), 400, "needs 'to'");
        assertError(actuator().post(seek, "{\"to\":\"middle\"}"), 400, "middle");
        assertError(actuator().post(seek, "{\"to\":\"offset\"}"), 400, "needs 'offset'");
        assertError(actuator().post(seek, "{\"to\":\"timestamp\",\"timestamp\":-5}"), 400, "negative");
        assertError(actuator().post(seek, "{\"to\":\"offset\",\"offset\":1000000,\"topic\":\"" + SEEK
                + "\",\"partition\":0}"), 400, "outside");
        assertError(actuator().post(seek, "{\"to\":\"beginning\",\"topic\":\"" + SEEK + "\",\"partition\":7}"),
                404, "not assigned");
        assertError(actuator().post(seek, "{\"to\":\"beginning\",\"partition\":0}"), 400, "both 'topic'");
    }

    @Test
    void replayPutsDeadLettersBackIntoTheirPartitionWithTheirOwnHeadersAndASecondReplayReplaysNothing() {
        awaitAssigned(REPLAY);
        produce(REPLAY, 1, "r1", "trace-1");
        produce(REPLAY, 0, "r2", "trace-2");
        List<ConsumerRecord<String, String>> deadLetters = awaitDeadLetters(REPLAY + ".DLT", 2);
        assertThat(deadLetters).allSatisfy(record -> assertThat(record.headers()
                .lastHeader("kafka_dlt-exception-fqcn")).isNotNull());
        received.replayFails.set(false);

        ActuatorClient.Answer replay = actuator().post("/kafkalisteners/" + REPLAY + "/replay", "{}");

        assertThat(replay.status()).isEqualTo(200);
        JsonNode replayed = replay.body().path("replayed").get(0);
        assertThat(replayed.path("deadLetterTopic").asString()).isEqualTo(REPLAY + ".DLT");
        assertThat(replayed.path("sourceTopic").asString()).isEqualTo(REPLAY);
        assertThat(replayed.path("replayed").asLong()).isEqualTo(2);
        assertThat(replayed.path("remaining").asLong()).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.replay)
                .containsExactlyInAnyOrder("1:r1:trace-1", "0:r2:trace-2"));

        ActuatorClient.Answer again = actuator().post("/kafkalisteners/" + REPLAY + "/replay", "{}");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("replayed").get(0).path("replayed").asLong()).isZero();
        assertThat(received.replay).hasSize(2);
    }

    private List<ConsumerRecord<String, String>> awaitDeadLetters(String topic, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            await().atMost(WAIT).until(() -> !consumer.partitionsFor(topic).isEmpty());
            Set<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    private static JsonNode listener(JsonNode all, String id) {
        for (JsonNode listener : all.path("listeners")) {
            if (listener.path("id").asString().equals(id)) {
                return listener;
            }
        }
        throw new AssertionError("no listener " + id + " in " + all);
    }

    private static void assertError(ActuatorClient.Answer answer, int status, String message) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.body().path("message").asString()).contains(message);
    }
}

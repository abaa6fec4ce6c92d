package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;

/**
 * Lag through the admin API of a standalone process, against records produced with known timestamps: lag in offsets
 * and in seconds per partition, per topic and as a summary; a partition without a commit listed with a null commit;
 * a commit below the log start flagged and counted from the log start; a commit at an offset compaction removed
 * aged by the next record; consume rates from successive samples. The process's cleaner looks for work every 500 ms.
 */
class ConsumerGroupLagIT {

    private static final long HOUR_MS = 3_600_000;

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static KafkaFixtures kafka;
    static String groups;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort,
                "--log.cleaner.backoff.ms=500");
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        groups = "/v3/clusters/" + api.clusterId() + "/consumer-groups";
        kafka = new KafkaFixtures(tributary.bootstrap());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        tributary.close();
    }

    @Test
    void lagInSecondsIsTheAgeOfTheRecordAtTheCommittedOffset() {
        kafka.createTopic("clicks", 3);
        long produced = System.currentTimeMillis();
        List<Long> p0 = new ArrayList<>(Collections.nCopies(5, produced - 2 * HOUR_MS));
        p0.add(produced - HOUR_MS);
        p0.addAll(Collections.nCopies(4, produced - 60_000));
        kafka.produce("clicks", 0, p0);
        kafka.produce("clicks", 1, Collections.nCopies(3, produced - 100_000));
        kafka.produce("clicks", 2, Collections.nCopies(4, produced));
        kafka.commit("analytics", Map.of(new TopicPartition("clicks", 0), 5L, new TopicPartition("clicks", 1), 3L));

        AdminResponse lags = api.get(groups + "/analytics/lags");
        double elapsedSeconds = (System.currentTimeMillis() - produced) / 1000.0;

        assertThat(lags.status()).as(lags.toString()).isEqualTo(200);
        assertThat(lags.body().get("kind").asString()).isEqualTo("KafkaConsumerLagList");
        JsonNode data = lags.body().get("data");
        assertThat(data.size()).isEqualTo(3);
        JsonNode behind = data.get(0);
        assertThat(behind.get("topic_name").asString()).isEqualTo("clicks");
        assertThat(behind.get("partition_id").asInt()).isEqualTo(0);
        assertThat(behind.get("committed_offset").asLong()).isEqualTo(5);
        assertThat(behind.get("current_offset").asLong()).isEqualTo(5);
        assertThat(behind.get("log_start_offset").asLong()).isEqualTo(0);
        assertThat(behind.get("log_end_offset").asLong()).isEqualTo(10);
        assertThat(behind.get("lag").asLong()).isEqualTo(5);
        assertThat(behind.get("lag_seconds").asDouble()).isBetween(3600.0, 3600.0 + elapsedSeconds);
        assertThat(behind.get("commit_below_log_start").asBoolean()).isFalse();
        JsonNode caughtUp = data.get(1);
        assertThat(caughtUp.get("lag").asLong()).isZero();
        assertThat(caughtUp.get("lag_seconds").asDouble()).isZero();
        assertThat(caughtUp.get("estimated_catch_up_seconds").asDouble()).isZero();
        JsonNode neverCommitted = data.get(2);
        assertThat(neverCommitted.get("partition_id").asInt()).isEqualTo(2);
        assertThat(neverCommitted.get("committed_offset").isNull()).isTrue();
        assertThat(neverCommitted.get("lag").isNull()).isTrue();
        assertThat(neverCommitted.get("lag_seconds").isNull()).isTrue();
        assertThat(neverCommitted.get("log_end_offset").asLong()).isEqualTo(4);

        AdminResponse one = api.get(groups + "/analytics/lags/clicks/partitions/0");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("kind").asString()).isEqualTo("KafkaConsumerLag");
        assertThat(one.body().get("lag_seconds").asDouble())
                .isBetween(3600.0, 3600.0 + (System.currentTimeMillis() - produced) / 1000.0);

        AdminResponse topic = api.get(groups + "/analytics/lags/clicks");
        assertThat(topic.status()).isEqualTo(200);
        assertThat(topic.body().get("kind").asString()).isEqualTo("KafkaConsumerTopicLag");
        assertThat(topic.body().get("total_lag").asLong()).isEqualTo(5);
        assertThat(topic.body().get("max_lag").asLong()).isEqualTo(5);
        assertThat(topic.body().get("max_lag_partition_id").asInt()).isEqualTo(0);
        assertThat(topic.body().get("max_lag_seconds").asDouble()).isGreaterThanOrEqualTo(3600.0);
        assertThat(topic.body().get("partitions_without_commit").asInt()).isEqualTo(1);
        assertThat(topic.body().get("partitions").size()).isEqualTo(3);

        AdminResponse summary = api.get(groups + "/analytics/lag-summary");
        assertThat(summary.status()).isEqualTo(200);
        JsonNode s = summary.body();
        assertThat(s.get("kind").asString()).isEqualTo("KafkaConsumerGroupLagSummary");
        assertThat(s.get("max_lag").asLong()).isEqualTo(5);
        assertThat(s.get("total_lag").asLong()).isEqualTo(5);
        assertThat(s.get("max_lag_topic_name").asString()).isEqualTo("clicks");
        assertThat(s.get("max_lag_partition_id").asInt()).isEqualTo(0);
        assertThat(s.get("max_lag_consumer_id").isNull()).isTrue();
        assertThat(s.get("max_lag_seconds").asDouble())
                .isBetween(3600.0, 3600.0 + (System.currentTimeMillis() - produced) / 1000.0);
        assertThat(s.get("max_lag_seconds_topic_name").asString()).isEqualTo("clicks");
        assertThat(s.get("max_lag_seconds_partition_id").asInt()).isEqualTo(0);
        assertThat(s.get("partitions_without_commit").asInt()).isEqualTo(1);
    }

    @Test
    void aCommitBelowTheLogStartIsFlaggedAndCountedFromTheLogStart() {
        kafka.createTopic("trimmed", 1);
        long produced = System.currentTimeMillis();
        List<Long> timestamps = new ArrayList<>(Collections.nCopies(6, produced - 2 * HOUR_MS));
        timestamps.addAll(Collections.nCopies(4, produced - 900_000));
        kafka.produce("trimmed", 0, timestamps);
        TopicPartition partition = new TopicPartition("trimmed", 0);
        kafka.commit("archiver", Map.of(partition, 2L));
        KafkaFixtures.await(kafka.admin().deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(6))).all());

        AdminResponse lag = api.get(groups + "/archiver/lags/trimmed/partitions/0");

        assertThat(lag.status()).as(lag.toString()).isEqualTo(200);
        assertThat(lag.body().get("commit_below_log_start").asBoolean()).isTrue();
        assertThat(lag.body().get("committed_offset").asLong()).isEqualTo(2);
        assertThat(lag.body().get("log_start_offset").asLong()).isEqualTo(6);
        assertThat(lag.body().get("lag").asLong()).isEqualTo(4);
        assertThat(lag.body().get("lag_seconds").asDouble())
                .isBetween(900.0, 900.0 + (System.currentTimeMillis() - produced) / 1000.0);
        AdminResponse summary = api.get(groups + "/archiver/lag-summary");
        assertThat(summary.body().get("total_lag").asLong()).isEqualTo(4);
        assertThat(summary.body().get("partitions_below_log_start").asInt()).isEqualTo(1);
    }

    @Test
    void aCommitAtAnOffsetCompactionRemovedIsAgedByTheNextRecord() {
        kafka.createTopic("profiles", 1, Map.of("cleanup.policy", "compact", "segment.bytes", "16384",
                "min.cleanable.dirty.ratio", "0.01"));
        long produced = System.currentTimeMillis();
        String filler = "x".repeat(200);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(new ProducerRecord<>("profiles", 0, produced - 2 * HOUR_MS, "replaced", filler));
        records.add(new ProducerRecord<>("profiles", 0, produced - HOUR_MS, "kept", filler));
        for (int i = 0; i < 300; i++) {
            records.add(new ProducerRecord<>("profiles", 0, produced - 60_000, "replaced", filler));
        }
        kafka.send(records);
        kafka.commit("profile-indexer", Map.of(new TopicPartition("profiles", 0), 0L));
        TopicPartition partition = new TopicPartition("profiles", 0);
        Waiting.atMost(Duration.ofSeconds(60), () -> "offset 0 of profiles was never compacted away")
                .failFast(tributary.aliveCheck())
                .until(() -> firstOffset(partition) == 1);

        AdminResponse lag = api.get(groups + "/profile-indexer/lags/profiles/partitions/0");

        assertThat(lag.status()).as(lag.toString()).isEqualTo(200);
        assertThat(lag.body().get("committed_offset").asLong()).isZero();
        assertThat(lag.body().get("lag").asLong()).isEqualTo(302);
        assertThat(lag.body().get("commit_below_log_start").asBoolean()).isFalse();
        assertThat(lag.body().get("lag_seconds").asDouble())
                .isBetween(3600.0, 3600.0 + (System.currentTimeMillis() - produced) / 1000.0);
    }

    @Test
    void partitionsAssignedToALiveMemberWithoutACommitAreListedWithTheirOwner() {
        kafka.createTopic("signups", 2);
        long now = System.currentTimeMillis();
        kafka.produce("signups", 0, List.of(now, now));
        kafka.produce("signups", 1, List.of(now));
        try (LiveConsumer member = LiveConsumer.start(tributary.bootstrap(), "welcomers", "welcome-mailer",
                List.of("signups"), Map.of())) {
            AtomicReference<AdminResponse> last = new AtomicReference<>();
            Waiting.atMost(Duration.ofSeconds(60), () -> "lags last seen as " + last.get())
                    .until(() -> {
                        last.set(api.get(groups + "/welcomers/lags"));
                        return last.get().status() == 200 && last.get().body().get("data").size() == 2
                                && !last.get().body().get("data").get(1).get("client_id").isNull();
                    });

            for (JsonNode lag : last.get().body().get("data")) {
                assertThat(lag.get("committed_offset").isNull()).isTrue();
                assertThat(lag.get("lag").isNull()).isTrue();
                assertThat(lag.get("client_id").asString()).isEqualTo("welcome-mailer");
                assertThat(lag.get("consumer_id").asString()).isNotBlank();
            }
        }
    }

    @Test
    void theConsumeRateComesFromSuccessiveCommitsAndGivesTheTimeToCatchUp() {
        kafka.createTopic("metrics", 1);
        long now = System.currentTimeMillis();
        kafka.produce("metrics", 0, Collections.nCopies(10, now));
        TopicPartition partition = new TopicPartition("metrics", 0);
        String path = groups + "/reporters/lags/metrics/partitions/0";
        kafka.commit("reporters", Map.of(partition, 2L));
        kafka.commit("idlers", Map.of(partition, 2L));

        AdminResponse first = api.get(path);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body().get("consume_rate").isNull()).isTrue();
        assertThat(first.body().get("estimated_catch_up_seconds").isNull()).isTrue();
        assertThat(api.get(groups + "/idlers/lags/metrics/partitions/0").body().get("consume_rate").isNull())
                .isTrue();
        kafka.commit("reporters", Map.of(partition, 6L));

        JsonNode moving = awaitRate(path);
        double rate = moving.get("consume_rate").asDouble();
        assertThat(rate).isPositive();
        assertThat(moving.get("lag").asLong()).isEqualTo(4);
        assertThat(moving.get("estimated_catch_up_seconds").asDouble()).isCloseTo(4 / rate, within(1e-6));

        JsonNode idle = awaitRate(groups + "/idlers/lags/metrics/partitions/0");
        assertThat(idle.get("consume_rate").asDouble()).isZero();
        assertThat(idle.get("estimated_catch_up_seconds").isNull()).isTrue();
        AdminResponse summary = api.get(groups + "/reporters/lag-summary");
        assertThat(summary.body().get("consume_rate").asDouble()).isPositive();
    }

    @Test
    void lagsOfWhatDoesNotExistAreNotFound() {
        kafka.createTopic("orphans", 1);
        kafka.commit("orphan-readers", Map.of(new TopicPartition("orphans", 0), 0L));

        assertThat(api.get(groups + "/no-such-group/lags").status()).isEqualTo(404);
        assertThat(api.get(groups + "/no-such-group/lag-summary").status()).isEqualTo(404);
        AdminResponse otherTopic = api.get(groups + "/orphan-readers/lags/clicks-elsewhere");
        assertThat(otherTopic.status()).isEqualTo(404);
        assertThat(otherTopic.body().get("type").asString()).isEqualTo("urn:tributary:problem:topic-not-consumed");
        assertThat(api.get(groups + "/orphan-readers/lags/orphans/partitions/7").status()).isEqualTo(404);
        AdminResponse notANumber = api.get(groups + "/orphan-readers/lags/orphans/partitions/first");
        assertThat(notANumber.status()).isEqualTo(400);
    }

    /** The offset of the first record a consumer reads from the beginning of the partition. */
    private static long firstOffset(TopicPartition partition) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            for (int polls = 0; polls < 50; polls++) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    return record.offset();
                }
            }
            return -1;
        }
    }

    private static JsonNode awaitRate(String path) {
        AtomicReference<AdminResponse> last = new AtomicReference<>();
        Waiting.atMost(Duration.ofSeconds(30), () -> "no consume rate in " + last.get())
                .until(() -> {
                    last.set(api.get(path));
                    return last.get().status() == 200 && !last.get().body().get("consume_rate").isNull();
                });
        return last.get().body();
    }
}

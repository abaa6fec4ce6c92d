package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;

/**
 * Offset resets of consumer groups through the admin API of a standalone process, with real consumers: a plan, its
 * apply under If-Match and its undo for every mode and scope; a plan gone stale (412) or applied without If-Match
 * (428); a live group refused (409) with its members; a running group moved back by a forced reset; a plan applied
 * after a restart; and two undos at the same moment, of which only one restores.
 */
class ConsumerGroupOffsetResetIT {

    private static final String TOPIC = "reset-orders";
    private static final int RECORDS = 10;
    private static final Duration RECORD_SPACING = Duration.ofMinutes(10);

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static List<String> adminArgs;
    static AdminApiClient api;
    static String clusterId;
    static Admin admin;
    /** Record i of each partition of {@link #TOPIC} has the timestamp FIRST_TIMESTAMP + i * RECORD_SPACING. */
    static Instant firstTimestamp;

    @BeforeAll
    static void start() throws Exception {
        int httpPort = Ports.free();
        adminArgs = List.of("--server.port=" + httpPort);
        tributary = TributaryProcess.startStandalone(dataDir, adminArgs.toArray(String[]::new));
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        clusterId = api.clusterId();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        // the last record is 10 minutes old, the first 100 minutes
        firstTimestamp = Instant.now().minus(RECORD_SPACING.multipliedBy(RECORDS));
        createTopic(TOPIC, 2);
        produce(TOPIC, 2, RECORDS, firstTimestamp);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        tributary.close();
    }

    static Stream<Arguments> modes() {
        Instant fifth = firstTimestamp.plus(RECORD_SPACING.multipliedBy(4));
        return Stream.of(
                Arguments.of("to-earliest, all topics", Map.of("mode", "to-earliest"), Map.of(0, 0L, 1, 0L)),
                Arguments.of("to-latest, one topic", Map.of("mode", "to-latest", "topic_name", TOPIC),
                        Map.of(0, 10L, 1, 10L)),
                Arguments.of("to-offset, one partition",
                        Map.of("mode", "to-offset", "offset", 3, "topic_name", TOPIC, "partition_id", 1),
                        Map.of(0, 5L, 1, 3L)),
                Arguments.of("to-offset past the end is clamped to it", Map.of("mode", "to-offset", "offset", 50),
                        Map.of(0, 10L, 1, 10L)),
                Arguments.of("shift-by back", Map.of("mode", "shift-by", "shift_by", -2), Map.of(0, 3L, 1, 3L)),
                Arguments.of("shift-by before the start is clamped to it",
                        Map.of("mode", "shift-by", "shift_by", -100, "topic_name", TOPIC, "partition_id", 0),
                        Map.of(0, 0L, 1, 5L)),
                Arguments.of("shift-by forward, clamped to the end", Map.of("mode", "shift-by", "shift_by", 100),
                        Map.of(0, 10L, 1, 10L)),
                Arguments.of("to-datetime of the fifth record", Map.of("mode", "to-datetime", "datetime",
                        fifth.toString()), Map.of(0, 4L, 1, 4L)),
                Arguments.of("to-datetime with a zone offset, one millisecond after the fifth record",
                        Map.of("mode", "to-datetime", "datetime",
                                fifth.plusMillis(1).atOffset(ZoneOffset.ofHours(2)).toString()),
                        Map.of(0, 5L, 1, 5L)),
                Arguments.of("to-datetime after every record goes to the end", Map.of("mode", "to-datetime",
                        "datetime", Instant.now().plus(Duration.ofHours(1)).toString()), Map.of(0, 10L, 1, 10L)),
                // ListOffsets reads timestamp -1 as LATEST: a time before 1970 must not go to the end
                Arguments.of("to-datetime before 1970 goes to the start", Map.of("mode", "to-datetime",
                        "datetime", "1969-12-31T23:59:59.999Z"), Map.of(0, 0L, 1, 0L)),
                // records 7, 8, 9 are 30, 20, 10 minutes old
                Arguments.of("by-duration", Map.of("mode", "by-duration", "duration", "PT35M", "topic_name", TOPIC),
                        Map.of(0, 7L, 1, 7L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void planApplyAndUndo(String description, Map<String, Object> request, Map<Integer, Long> expected)
            throws Exception {
        String group = "reset-" + description.replaceAll("[^a-z0-9]+", "-");
        commitAsConsumer(group, Map.of(0, 5L, 1, 5L));

        AdminResponse plan = plan(group, request);

        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        assertThat(plan.header("ETag")).matches("\"[A-Za-z0-9_-]+\"");
        assertThat(plan.body().get("kind").asString()).isEqualTo("KafkaConsumerGroupOffsetResetPlan");
        assertThat(plan.body().get("members")).isEmpty();
        Map<Integer, Long> planned = new HashMap<>();
        for (JsonNode partition : plan.body().get("partitions")) {
            assertThat(partition.get("topic_name").asString()).isEqualTo(TOPIC);
            assertThat(partition.get("current_offset").asLong()).isEqualTo(5L);
            assertThat(partition.get("log_start_offset").asLong()).isZero();
            assertThat(partition.get("log_end_offset").asLong()).isEqualTo(RECORDS);
            planned.put(partition.get("partition_id").asInt(), partition.get("new_offset").asLong());
        }
        Map<Integer, Long> changed = new HashMap<>(expected);
        changed.entrySet().removeIf(e -> !planned.containsKey(e.getKey()));
        assertThat(planned).isEqualTo(changed);
        assertThat(committed(group)).as("a plan changes nothing").isEqualTo(Map.of(0, 5L, 1, 5L));

        AdminResponse applied = apply(group, plan, false);

        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(applied.body().get("removed_members")).isEmpty();
        assertThat(applied.body().get("partitions").get(0).get("offset_before").asLong()).isEqualTo(5L);
        assertThat(committed(group)).isEqualTo(expected);
        assertThat(readFromCommitted(group)).isEqualTo(expected);

        AdminResponse undone = api.post(path(group, "undo"), null);

        assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
        assertThat(undone.body().get("undone_at").isNull()).isFalse();
        assertThat(committed(group)).as("undo restores what was there").isEqualTo(Map.of(0, 5L, 1, 5L));
        AdminResponse again = api.post(path(group, "undo"), null);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.body().get("type").asString()).isEqualTo("urn:tributary:problem:nothing-to-undo");

        List<JsonNode> events = AuditLog.forResource(api, clusterId, groupResource(group));
        assertThat(AuditLog.actions(events)).containsExactly("offsets.reset", "offsets.undo");
        int first = Collections.min(planned.keySet());
        JsonNode reset = events.get(0);
        assertThat(committedOffset(reset.get("before"), first)).isEqualTo(5L);
        assertThat(committedOffset(reset.get("after"), first)).isEqualTo(expected.get(first));
        assertThat(reset.get("after").get("removed_members")).isEmpty();
        JsonNode undo = events.get(1);
        assertThat(undo.get("before").get("offsets")).isEqualTo(reset.get("after").get("offsets"));
        assertThat(undo.get("after").get("offsets")).isEqualTo(reset.get("before").get("offsets"));
        assertThat(undo.get("after").get("removed_members")).isEmpty();
    }

    @Test
    void copiesAnotherGroupsOffsetsAndLeavesPartitionsItHasNoneFor() {
        commitAsConsumer("reset-copy-source", Map.of(0, 2L));
        commitAsConsumer("reset-copy-target", Map.of(0, 5L, 1, 5L));

        AdminResponse plan = plan("reset-copy-target", Map.of("mode", "from-group", "source_group_id",
                "reset-copy-source", "topic_name", TOPIC));

        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        assertThat(plan.body().get("partitions")).hasSize(1);
        assertThat(apply("reset-copy-target", plan, false).status()).isEqualTo(200);
        assertThat(committed("reset-copy-target")).isEqualTo(Map.of(0, 2L, 1, 5L));

        commitAsConsumer("reset-copy-source-2", Map.of(0, 1L, 1, 7L));
        AdminResponse all = plan("reset-copy-target", Map.of("mode", "from-group", "source_group_id",
                "reset-copy-source-2"));
        assertThat(apply("reset-copy-target", all, false).status()).isEqualTo(200);
        assertThat(committed("reset-copy-target")).isEqualTo(Map.of(0, 1L, 1, 7L));
    }

    @Test
    void resetsAGroupThatHasNoOffsetsYetAndItsUndoRemovesThem() {
        AdminResponse plan = plan("reset-new-group", Map.of("mode", "to-offset", "offset", 6, "topic_name", TOPIC));
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        assertThat(plan.body().get("partitions").get(0).get("current_offset").isNull()).isTrue();

        assertThat(apply("reset-new-group", plan, false).status()).isEqualTo(200);
        assertThat(committed("reset-new-group")).isEqualTo(Map.of(0, 6L, 1, 6L));

        assertThat(api.post(path("reset-new-group", "undo"), Map.of()).status()).isEqualTo(200);
        assertThat(committed("reset-new-group")).isEmpty();
    }

    @Test
    void ofTwoUndosAtTheSameMomentOnlyOneRestores() throws Exception {
        String group = "reset-racing-undos";
        commitAsConsumer(group, Map.of(0, 5L, 1, 5L));
        assertThat(apply(group, plan(group, Map.of("mode", "to-earliest")), false).status()).isEqualTo(200);

        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<AdminResponse> one = CompletableFuture.supplyAsync(() -> undoWith(together, group));
        CompletableFuture<AdminResponse> two = CompletableFuture.supplyAsync(() -> undoWith(together, group));
        List<AdminResponse> undos = List.of(one.get(60, TimeUnit.SECONDS), two.get(60, TimeUnit.SECONDS));

        assertThat(undos).extracting(AdminResponse::status).as(undos.toString()).containsExactlyInAnyOrder(200, 409);
        AdminResponse refused = undos.get(0).status() == 409 ? undos.get(0) : undos.get(1);
        assertProblem(refused, 409, "nothing-to-undo", "already undone");
        assertThat(committed(group)).isEqualTo(Map.of(0, 5L, 1, 5L));
        assertThat(AuditLog.actions(AuditLog.forResource(api, clusterId, groupResource(group))))
                .containsExactly("offsets.reset", "offsets.undo");
    }

    @Test
    void aPlanMadeBeforeARestartIsAppliedAfterIt() {
        String group = "reset-across-restart";
        commitAsConsumer(group, Map.of(0, 5L, 1, 5L));
        AdminResponse plan = plan(group, Map.of("mode", "to-earliest"));

        tributary.close();
        tributary = TributaryProcess.startStandaloneOn(dataDir, tributary.kafkaPort(), tributary.zookeeperPort(),
                tributary.coordinatorPort(), adminArgs);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        AdminResponse applied = apply(group, plan, false);

        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(committed(group)).isEqualTo(Map.of(0, 0L, 1, 0L));
    }

    @Test
    void refusesRequestsThatCannotBePlanned() {
        commitAsConsumer("reset-refusals", Map.of(0, 5L));

        assertProblem(plan("reset-refusals", Map.of("mode", "to-offset")), 400, "invalid-offset-reset", "needs offset");
        assertProblem(plan("reset-refusals", Map.of("mode", "to-latest", "offset", 3)), 400, "invalid-offset-reset",
                "does not use offset");
        assertProblem(plan("reset-refusals", Map.of("mode", "to-datetime", "datetime", "2026-11-30T08:00:00")), 400,
                "invalid-offset-reset", "zone offset");
        assertProblem(plan("reset-refusals", Map.of("mode", "by-duration", "duration", "an hour")), 400,
                "invalid-offset-reset", "ISO-8601 duration");
        assertProblem(plan("reset-refusals", Map.of("mode", "by-duration", "duration", "PT2562047788015215H")), 400,
                "invalid-offset-reset", "duration 'PT2562047788015215H' is out of range");
        assertProblem(plan("reset-refusals", Map.of("mode", "by-duration", "duration", "P200000000000D")), 400,
                "invalid-offset-reset", "duration 'P200000000000D' is out of range");
        assertProblem(plan("reset-refusals", Map.of("mode", "to-datetime", "datetime",
                "+999999999-12-31T23:59:59Z")), 400, "invalid-offset-reset",
                "datetime '+999999999-12-31T23:59:59Z' is out of range");
        assertProblem(plan("reset-refusals", Map.of("mode", "to-earliest", "partition_id", 0)), 400,
                "invalid-offset-reset", "partition_id needs topic_name");
        assertProblem(plan("reset-refusals", Map.of("mode", "shift-by", "shift_by", 1, "topic_name", TOPIC)), 422,
                "no-committed-offset", TOPIC + "-1");
        assertProblem(plan("reset-nothing-committed", Map.of("mode", "to-earliest")), 422, "no-committed-offsets",
                "name a topic");
        assertProblem(plan("reset-refusals", Map.of("mode", "to-earliest", "topic_name", "no-such-topic")), 404,
                "unknown-topic-or-partition", "Topic 'no-such-topic' does not exist");
        assertProblem(plan("reset-refusals", Map.of("mode", "to-earliest", "topic_name", TOPIC, "partition_id", 7)),
                404, "unknown-topic-or-partition", "no partition 7");
        assertProblem(api.post(path("reset-refusals", "plan-reset"), "{\"mode\":\"to-nowhere\"}"), 400, null, "");
        assertProblem(api.post(path("reset-never-reset", "undo"), null), 409, "nothing-to-undo", "no applied");
        assertThat(committed("reset-refusals")).isEqualTo(Map.of(0, 5L));
    }

    @Test
    void applyNeedsIfMatchAndFailsWhenTheGroupMovedSinceThePlan() {
        String group = "reset-race";
        commitAsConsumer(group, Map.of(0, 5L, 1, 5L));
        AdminResponse plan = plan(group, Map.of("mode", "to-earliest"));

        AdminResponse withoutIfMatch = api.post(path(group, "reset"), applyBody(plan, false));
        assertProblem(withoutIfMatch, 428, "if-match-required", "If-Match");

        Map<String, Object> altered = applyBody(plan, false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> partitions = (List<Map<String, Object>>) altered.get("partitions");
        partitions.get(0).put("new_offset", 9);
        assertProblem(api.send("POST", path(group, "reset"), altered, Map.of("If-Match", plan.header("ETag"))),
                412, "plan-not-signed", "not the ETag of this plan");

        commitAsConsumer(group, Map.of(1, 8L));
        AdminResponse stale = apply(group, plan, false);

        assertProblem(stale, 412, "group-changed-since-plan", "1 committed offset(s) moved");
        JsonNode moved = stale.body().get("changed_offsets").get(0);
        assertThat(moved.get("partition_id").asInt()).isEqualTo(1);
        assertThat(moved.get("committed_offset_at_plan").asLong()).isEqualTo(5L);
        assertThat(moved.get("committed_offset_now").asLong()).isEqualTo(8L);
        assertThat(committed(group)).isEqualTo(Map.of(0, 5L, 1, 8L));

        AdminResponse fresh = plan(group, Map.of("mode", "to-earliest"));
        assertThat(apply(group, fresh, false).status()).isEqualTo(200);
        assertThat(committed(group)).isEqualTo(Map.of(0, 0L, 1, 0L));
    }

    @Test
    void aLiveGroupIsRefusedWithItsMembersUnlessForced() {
        String group = "reset-live";
        try (PollingMember member = PollingMember.start(tributary.bootstrap(), group, "live-member", TOPIC)) {
            AtomicReference<AdminResponse> plan = new AtomicReference<>();
            Waiting.atMost(Duration.ofSeconds(60), () -> "the member never committed: " + plan.get())
                    .until(() -> {
                        plan.set(plan(group, Map.of("mode", "to-earliest")));
                        return plan.get().status() == 200 && plan.get().body().get("members").size() == 1
                                && plannedFrom(plan.get()).equals(Map.of(0, 10L, 1, 10L));
                    });
            assertThat(plan.get().body().get("members").get(0).get("client_id").asString()).isEqualTo("live-member");

            AdminResponse refused = apply(group, plan.get(), false);

            assertProblem(refused, 409, "group-has-members", "1 live member");
            JsonNode listed = refused.body().get("members").get(0);
            assertThat(listed.get("client_id").asString()).isEqualTo("live-member");
            assertThat(listed.get("consumer_id").asString())
                    .isEqualTo(plan.get().body().get("members").get(0).get("consumer_id").asString());
            assertThat(committed(group)).isEqualTo(Map.of(0, 10L, 1, 10L));

            AdminResponse forced = apply(group, plan.get(), true);
            assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
            assertThat(forced.body().get("removed_members").get(0).get("client_id").asString())
                    .isEqualTo("live-member");
            Waiting.atMost(Duration.ofSeconds(60), () -> "the member did not rejoin and read to the end again")
                    .until(() -> plan(group, Map.of("mode", "to-earliest")).body().get("members").size() == 1
                            && committed(group).equals(Map.of(0, 10L, 1, 10L)));
            assertProblem(api.post(path(group, "undo"), Map.of()), 409, "group-has-members", "force");
            AdminResponse undone = api.post(path(group, "undo"), Map.of("force", true));
            assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
            assertThat(undone.body().get("removed_members")).hasSize(1);

            // removing members is a change the operator made: the audit names each one removed
            List<JsonNode> events = AuditLog.forResource(api, clusterId, groupResource(group));
            assertThat(AuditLog.actions(events)).containsExactly("offsets.reset", "offsets.undo");
            assertThat(removedConsumerIds(events.get(0))).containsExactly(consumerIds(forced));
            assertThat(removedConsumerIds(events.get(1))).containsExactly(consumerIds(undone));
        }
    }

    @Test
    void aRunningGroupMovesBackWhenAForcedResetRemovesItsMembers() throws Exception {
        String topic = "reset-running";
        String group = "reset-running-group";
        int records = 200;
        createTopic(topic, 2);
        produce(topic, 2, records, Instant.now());
        Map<Integer, Long> end = Map.of(0, (long) records, 1, (long) records);
        try (PollingMember first = PollingMember.start(tributary.bootstrap(), group, "running-1", topic);
                PollingMember second = PollingMember.start(tributary.bootstrap(), group, "running-2", topic)) {
            Waiting.atMost(Duration.ofSeconds(60), () -> "the group never committed its end: " + committed(group))
                    .until(() -> committed(group).equals(end) && plan(group, Map.of("mode", "to-earliest"))
                            .body().get("members").size() == 2);
            assertThat(first.deliveries().size() + second.deliveries().size()).isGreaterThanOrEqualTo(2 * records);
            int firstBefore = first.deliveries().size();
            int secondBefore = second.deliveries().size();

            // the members auto-commit every 200 ms: a plan may go stale before its apply, and is then made again
            AtomicReference<AdminResponse> applied = new AtomicReference<>();
            Waiting.atMost(Duration.ofSeconds(60), () -> "the forced reset never applied: " + applied.get())
                    .until(() -> {
                        AdminResponse plan = plan(group, Map.of("mode", "to-earliest", "topic_name", topic));
                        applied.set(apply(group, plan, true));
                        return applied.get().status() != 412;
                    });
            assertThat(applied.get().status()).as(applied.get().toString()).isEqualTo(200);
            // members that rejoin between their removal and the write are removed again: each id is listed
            List<String> removed = new ArrayList<>();
            applied.get().body().get("removed_members").forEach(m -> removed.add(m.get("client_id").asString()));
            assertThat(removed).contains("running-1", "running-2");

            Waiting.atMost(Duration.ofSeconds(60), () -> "the members did not read both partitions again from 0: "
                    + readAfter(first, firstBefore, second, secondBefore) + ", failures " + first.failures()
                    + second.failures())
                    .until(() -> readAfter(first, firstBefore, second, secondBefore).equals(Map.of(0, records,
                            1, records)));
            Waiting.atMost(Duration.ofSeconds(60), () -> "the group did not commit its end again with both members: "
                    + committed(group))
                    .until(() -> committed(group).equals(end) && plan(group, Map.of("mode", "to-earliest"))
                            .body().get("members").size() == 2);
        }
    }

    /**
     * How many distinct offsets of each partition, counting up from 0 without a gap, the members were handed after
     * the given number of deliveries each: a group moved back to the start reads each partition again from 0.
     */
    private static Map<Integer, Integer> readAfter(PollingMember first, int firstBefore, PollingMember second,
            int secondBefore) {
        Map<Integer, Set<Long>> offsets = new HashMap<>();
        List<PollingMember.Delivery> firstSeen = first.deliveries();
        List<PollingMember.Delivery> secondSeen = second.deliveries();
        List<PollingMember.Delivery> after = new ArrayList<>(firstSeen.subList(firstBefore, firstSeen.size()));
        after.addAll(secondSeen.subList(secondBefore, secondSeen.size()));
        for (PollingMember.Delivery delivery : after) {
            offsets.computeIfAbsent(delivery.partition(), p -> new HashSet<>()).add(delivery.offset());
        }
        Map<Integer, Integer> fromZero = new HashMap<>();
        offsets.forEach((partition, seen) -> {
            int count = 0;
            while (seen.contains((long) count)) {
                count++;
            }
            fromZero.put(partition, count);
        });
        return fromZero;
    }

    // ------------------------------------------------------------------ helpers

    private static AdminResponse undoWith(CyclicBarrier together, String group) {
        try {
            together.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other undo did not start", e);
        }
        return api.post(path(group, "undo"), null);
    }

    private static String path(String group, String verb) {
        return "/v3/clusters/" + clusterId + "/consumer-groups/" + group + "/offsets:" + verb;
    }

    private static String groupResource(String group) {
        return "crn:///kafka=" + clusterId + "/consumer-group=" + group;
    }

    /**
     * The committed offset of one partition of {@link #TOPIC} in an audited state (its {@code offsets}: a list of
     * {@code topic_name}, {@code partition_id}, {@code committed_offset}); {@code null} when the state says it had
     * none.
     */
    private static Long committedOffset(JsonNode state, int partition) {
        for (JsonNode offset : state.get("offsets")) {
            if (offset.get("topic_name").asString().equals(TOPIC) && offset.get("partition_id").asInt() == partition) {
                JsonNode committed = offset.get("committed_offset");
                return committed.isNull() ? null : committed.asLong();
            }
        }
        throw new AssertionError("no partition " + partition + " of " + TOPIC + " in " + state);
    }

    /**
     * The committed offsets a plan was made from: a plan must be waited for by its own offsets, since the member may
     * still commit between a plan and a separate read of the committed offsets.
     */
    private static Map<Integer, Long> plannedFrom(AdminResponse plan) {
        Map<Integer, Long> current = new HashMap<>();
        for (JsonNode partition : plan.body().get("partitions")) {
            JsonNode offset = partition.get("current_offset");
            current.put(partition.get("partition_id").asInt(), offset.isNull() ? null : offset.asLong());
        }
        return current;
    }

    /** The consumer ids of the members an audited reset or undo removed, from its {@code after} state. */
    private static List<String> removedConsumerIds(JsonNode event) {
        List<String> ids = new ArrayList<>();
        event.get("after").get("removed_members").forEach(m -> ids.add(m.get("consumer_id").asString()));
        return ids;
    }

    /** The consumer ids of the members a reset or undo answered it removed. */
    private static String[] consumerIds(AdminResponse response) {
        List<String> ids = new ArrayList<>();
        response.body().get("removed_members").forEach(m -> ids.add(m.get("consumer_id").asString()));
        assertThat(ids).isNotEmpty();
        return ids.toArray(String[]::new);
    }

    private static AdminResponse plan(String group, Map<String, Object> request) {
        return api.post(path(group, "plan-reset"), request);
    }

    private static AdminResponse apply(String group, AdminResponse plan, boolean force) {
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        return api.send("POST", path(group, "reset"), applyBody(plan, force), Map.of("If-Match", plan.header("ETag")));
    }

    /** The plan's members and partitions, as it answered them, and {@code force}. */
    private static Map<String, Object> applyBody(AdminResponse plan, boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("members", plan.body().get("members"));
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (JsonNode partition : plan.body().get("partitions")) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (String field : List.of("topic_name", "partition_id", "current_offset", "new_offset",
                    "log_start_offset", "log_end_offset")) {
                JsonNode value = partition.get(field);
                copy.put(field, value.isNull() ? null : value.isString() ? value.asString() : value.asLong());
            }
            partitions.add(copy);
        }
        body.put("partitions", partitions);
        body.put("force", force);
        return body;
    }

    private static void assertProblem(AdminResponse response, int status, String slug, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (slug != null) {
            assertThat(response.body().get("type").asString()).isEqualTo("urn:tributary:problem:" + slug);
        }
        assertThat(response.body().get("detail").asString()).contains(detail);
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    /** {@code count} records into each partition, record i with the timestamp {@code first + i * RECORD_SPACING}. */
    private static void produce(String topic, int partitions, int count, Instant first) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int partition = 0; partition < partitions; partition++) {
                for (int i = 0; i < count; i++) {
                    long timestamp = first.plus(RECORD_SPACING.multipliedBy(i)).toEpochMilli();
                    producer.send(new ProducerRecord<>(topic, partition, timestamp, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
    }

    /** Commits offsets of {@link #TOPIC}'s partitions for {@code group} as a consumer outside the group does. */
    private static void commitAsConsumer(String group, Map<Integer, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((partition, offset) -> commits.put(new TopicPartition(TOPIC, partition),
                    new OffsetAndMetadata(offset)));
            consumer.commitSync(commits, Duration.ofSeconds(30));
        }
    }

    /** Where a consumer of {@code group} starts reading each partition of {@link #TOPIC}: its committed offsets. */
    private static Map<Integer, Long> readFromCommitted(String group) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(partitions);
            Map<Integer, Long> positions = new HashMap<>();
            partitions.forEach(tp -> positions.put(tp.partition(), consumer.position(tp, Duration.ofSeconds(30))));
            return positions;
        }
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    /** The group's committed offsets per partition, whatever its topics (the test groups each read one topic). */
    private static Map<Integer, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> committed = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset != null) {
                    committed.put(tp.partition(), offset.offset());
                }
            });
            return committed;
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("listing the offsets of " + group + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

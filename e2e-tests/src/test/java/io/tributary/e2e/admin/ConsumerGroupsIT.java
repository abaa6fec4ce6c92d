package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;

/**
 * Consumer groups through the admin API of a standalone process, with groups of real kafka-clients consumers: list
 * and describe (members, hosts, assignments), delete (refused while members are live), delete one topic's offsets
 * (refused by Kafka while the group is subscribed to it), each change in the audit trail, and the 404s and 400s of
 * what does not exist.
 */
class ConsumerGroupsIT {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static KafkaFixtures kafka;
    static String clusterId;
    static String groups;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        clusterId = api.clusterId();
        groups = "/v3/clusters/" + clusterId + "/consumer-groups";
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
    void describesALiveGroupAndDeletesItOnlyOnceItsMembersHaveLeft() {
        kafka.createTopic("orders", 4);
        try (LiveConsumer a = LiveConsumer.start(tributary.bootstrap(), "shipping", "client-a", List.of("orders"),
                Map.of());
                LiveConsumer b = LiveConsumer.start(tributary.bootstrap(), "shipping", "client-b", List.of("orders"),
                        Map.of())) {
            JsonNode group = awaitGroup("shipping",
                    g -> g.get("state").asString().equals("STABLE") && g.get("members").size() == 2
                            && assigned(g).size() == 4);

            assertThat(group.get("kind").asString()).isEqualTo("KafkaConsumerGroup");
            assertThat(group.get("consumer_group_id").asString()).isEqualTo("shipping");
            assertThat(group.get("is_simple").asBoolean()).isFalse();
            assertThat(group.get("partition_assignor").asString()).isNotBlank();
            assertThat(group.get("coordinator").get("related").asString())
                    .startsWith(api.baseUrl() + groups.replace("/consumer-groups", "/brokers/"));
            assertThat(group.get("consumers").get("related").asString())
                    .isEqualTo(api.baseUrl() + groups + "/shipping/consumers");
            assertThat(group.get("lag_summary").get("related").asString())
                    .isEqualTo(api.baseUrl() + groups + "/shipping/lag-summary");
            List<String> clientIds = new ArrayList<>();
            group.get("members").forEach(member -> {
                clientIds.add(member.get("client_id").asString());
                assertThat(member.get("host").asString()).contains("127.0.0.1");
                assertThat(member.get("consumer_id").asString()).isNotBlank();
            });
            assertThat(clientIds).containsExactlyInAnyOrder("client-a", "client-b");
            assertThat(assigned(group)).containsExactlyInAnyOrder("orders-0", "orders-1", "orders-2", "orders-3");

            assertThat(ids(api.get(groups))).contains("shipping");
            assertThat(ids(api.get(groups + "?state=stable"))).contains("shipping");
            assertThat(ids(api.get(groups + "?state=EMPTY,DEAD"))).doesNotContain("shipping");

            AdminResponse consumers = api.get(groups + "/shipping/consumers");
            assertThat(consumers.status()).isEqualTo(200);
            assertThat(consumers.body().get("kind").asString()).isEqualTo("KafkaConsumerList");
            assertThat(consumers.body().get("data").size()).isEqualTo(2);
            JsonNode first = group.get("members").get(0);
            String consumerId = first.get("consumer_id").asString();
            AdminResponse consumer = api.get(groups + "/shipping/consumers/" + consumerId);
            assertThat(consumer.status()).isEqualTo(200);
            assertThat(consumer.body().get("client_id").asString()).isEqualTo(first.get("client_id").asString());
            AdminResponse assignments = api.get(groups + "/shipping/consumers/" + consumerId + "/assignments");
            assertThat(assignments.status()).isEqualTo(200);
            assertThat(assignments.body().get("data").size()).isEqualTo(first.get("assigned_partitions").size());
            JsonNode owned = first.get("assigned_partitions").get(0);
            AdminResponse assignment = api.get(groups + "/shipping/consumers/" + consumerId + "/assignments/"
                    + owned.get("topic_name").asString() + "/partitions/" + owned.get("partition_id").asInt());
            assertThat(assignment.status()).isEqualTo(200);
            assertThat(assignment.body().get("kind").asString()).isEqualTo("KafkaConsumerAssignment");
            assertThat(api.get(groups + "/shipping/consumers/no-such-member").status()).isEqualTo(404);

            AdminResponse refused = api.delete(groups + "/shipping");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.body().get("type").asString()).isEqualTo("urn:tributary:problem:non-empty-group");
            assertThat(refused.body().get("kafka_error").asString()).isEqualTo("NON_EMPTY_GROUP");
            assertThat(refused.body().get("members").size()).isEqualTo(2);
            group.get("members").forEach(member -> assertThat(refused.body().get("detail").asString())
                    .contains(member.get("consumer_id").asString(), member.get("client_id").asString()));
            assertThat(api.get(groups + "/shipping").status()).isEqualTo(200);
            assertThat(AuditLog.forResource(api, clusterId, groupResource("shipping")))
                    .as("a refused delete is not audited").isEmpty();
        }

        awaitGroup("shipping", g -> g.get("state").asString().equals("EMPTY"));
        AdminResponse deleted = api.delete(groups + "/shipping");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        AdminResponse gone = api.get(groups + "/shipping");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("kafka_error").asString()).isEqualTo("GROUP_ID_NOT_FOUND");
        assertThat(ids(api.get(groups))).doesNotContain("shipping");
        assertThat(api.delete(groups + "/shipping").status()).isEqualTo(404);
        List<JsonNode> events = AuditLog.forResource(api, clusterId, groupResource("shipping"));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").asString()).isEqualTo("consumer_group.delete");
        assertThat(events.get(0).get("before").get("state").asString()).isEqualTo("EMPTY");
        assertThat(events.get(0).get("after").isNull()).isTrue();
    }

    @Test
    void deletesOneTopicsCommittedOffsetsButNotWhileTheGroupIsSubscribedToIt() {
        kafka.createTopic("payments", 2);
        kafka.createTopic("refunds", 1);
        long now = System.currentTimeMillis();
        kafka.produce("payments", 0, List.of(now, now, now));
        kafka.produce("payments", 1, List.of(now, now, now));
        kafka.produce("refunds", 0, List.of(now, now));
        kafka.commit("bookkeeping", Map.of(new TopicPartition("payments", 0), 2L,
                new TopicPartition("payments", 1), 3L, new TopicPartition("refunds", 0), 1L));

        AdminResponse deleted = api.delete(groups + "/bookkeeping/topics/payments/offsets");

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(kafka.committed("bookkeeping").keySet()).containsExactly(new TopicPartition("refunds", 0));
        List<JsonNode> events = AuditLog.forResource(api, clusterId, groupResource("bookkeeping") + "/topic=payments");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").asString()).isEqualTo("consumer_group.offsets.delete");
        JsonNode before = events.get(0).get("before").get("committed_offsets");
        assertThat(before.get("0").asLong()).isEqualTo(2);
        assertThat(before.get("1").asLong()).isEqualTo(3);
        assertThat(events.get(0).get("after").isNull()).isTrue();
        AdminResponse again = api.delete(groups + "/bookkeeping/topics/payments/offsets");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().get("detail").asString()).contains("bookkeeping", "payments");

        kafka.commit("refund-workers", Map.of(new TopicPartition("refunds", 0), 1L));
        try (LiveConsumer worker = LiveConsumer.start(tributary.bootstrap(), "refund-workers", "worker",
                List.of("refunds"), Map.of())) {
            awaitGroup("refund-workers", g -> g.get("state").asString().equals("STABLE") && assigned(g).size() == 1);

            AdminResponse refused = api.delete(groups + "/refund-workers/topics/refunds/offsets");

            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.body().get("kafka_error").asString()).isEqualTo("GROUP_SUBSCRIBED_TO_TOPIC");
            assertThat(refused.body().get("detail").asString()).containsIgnoringCase("subscribed");
            assertThat(kafka.committed("refund-workers")).containsKey(new TopicPartition("refunds", 0));
        }
    }

    @Test
    void whatDoesNotExistIsNotFoundAndABadStateFilterIsRefused() {
        AdminResponse missing = api.get(groups + "/nobody-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.body().get("type").asString()).isEqualTo("urn:tributary:problem:group-id-not-found");
        assertThat(missing.body().get("detail").asString()).contains("nobody-here");
        assertThat(api.get(groups + "/nobody-here/consumers").status()).isEqualTo(404);
        assertThat(api.delete(groups + "/nobody-here").status()).isEqualTo(404);
        assertThat(api.delete(groups + "/nobody-here/topics/orders/offsets").status()).isEqualTo(404);

        AdminResponse badState = api.get(groups + "?state=sleepy");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.body().get("type").asString()).isEqualTo("urn:tributary:problem:invalid-group-state");
        assertThat(badState.body().get("detail").asString()).contains("sleepy", "STABLE");
    }

    private static String groupResource(String groupId) {
        return "crn:///kafka=" + clusterId + "/consumer-group=" + groupId;
    }

    private static JsonNode awaitGroup(String groupId, Predicate<JsonNode> condition) {
        AtomicReference<AdminResponse> last = new AtomicReference<>();
        Waiting.atMost(Duration.ofSeconds(60), () -> "group " + groupId + " last seen as " + last.get())
                .failFast(tributary.aliveCheck())
                .until(() -> {
                    last.set(api.get(groups + "/" + groupId));
                    return last.get().status() == 200 && condition.test(last.get().body());
                });
        return last.get().body();
    }

    private static List<String> assigned(JsonNode group) {
        List<String> partitions = new ArrayList<>();
        group.get("members").forEach(member -> member.get("assigned_partitions").forEach(p ->
                partitions.add(p.get("topic_name").asString() + "-" + p.get("partition_id").asInt())));
        return partitions;
    }

    private static List<String> ids(AdminResponse list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.body().get("data").forEach(group -> ids.add(group.get("consumer_group_id").asString()));
        return ids;
    }
}

package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.PartitionView;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.AdminApiProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's own jar in front of three brokers: a topic at replication factor 3 shows each partition's leader,
 * replicas and ISR as the cluster's Metadata has them, a size on disk from each partition's own leader, and a
 * follower killed leaves the ISR while it stays a replica.
 */
@TributaryCluster(brokers = 3, brokerConfig = "replica.lag.time.max.ms=3000")
class TopicReplicasIT {

    @TempDir
    static Path adminDataDir;
    static AdminApiProcess adminApi;
    static AdminApiClient api;
    static String topics;

    @BeforeAll
    static void start(Cluster cluster) {
        adminApi = AdminApiProcess.start(cluster.bootstrap(), adminDataDir);
        api = AdminApiClient.onPort(adminApi.httpPort());
        AdminApiWaits.whenServing(api, "/v3/clusters");
        topics = "/v3/clusters/" + api.clusterId() + "/topics";
    }

    @AfterAll
    static void stop() {
        if (adminApi != null) {
            adminApi.close();
        }
    }

    @Test
    void partitionsShowEachLeaderReplicasAndIsrAndAKilledFollowerLeavesTheIsr(Cluster cluster) throws Exception {
        AdminResponse created = api.post(topics, Map.of("topic_name", "replicated", "partitions_count", 3,
                "replication_factor", 3));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().get("replication_factor").asInt()).isEqualTo(3);
        cluster.awaitFullyReplicated(Duration.ofSeconds(60), "replicated");
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int partition = 0; partition < 3; partition++) {
                for (int i = 0; i <= partition; i++) {
                    producer.send(new ProducerRecord<>("replicated", partition, "k", "v" + i)).get(30, TimeUnit.SECONDS);
                }
            }
        }

        AdminResponse list = api.get(topics + "/replicated/partitions");

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        for (JsonNode partition : list.body().get("data")) {
            int id = partition.get("partition_id").asInt();
            PartitionView view = cluster.partition(new TopicPartition("replicated", id)).orElseThrow();
            assertThat(partition.get("leader_id").asInt()).isEqualTo(view.leader());
            assertThat(ints(partition.get("replica_ids"))).containsExactlyElementsOf(view.replicas());
            assertThat(ints(partition.get("isr_ids"))).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(partition.get("log_end_offset").asLong()).isEqualTo(id + 1L);
            assertThat(partition.get("size_bytes").asLong()).isPositive();
        }
        assertProblem(api.post(topics, Map.of("topic_name", "four-replicas", "replication_factor", 4)));

        PartitionView first = cluster.partition(new TopicPartition("replicated", 0)).orElseThrow();
        int follower = first.replicas().stream().filter(id -> id != first.leader()).findFirst().orElseThrow();
        cluster.node(follower).kill9();

        String path = topics + "/replicated/partitions/0";
        List<AdminResponse> last = new ArrayList<>(List.of(api.get(path)));
        Waiting.atMost(Duration.ofSeconds(60), () -> "partition 0 after killing broker " + follower + ": " + last.get(0))
                .failFast(adminApi.aliveCheck())
                .until(() -> {
                    last.set(0, api.get(path));
                    return last.get(0).status() == 200 && !ints(last.get(0).body().get("isr_ids")).contains(follower);
                });
        assertThat(ints(last.get(0).body().get("replica_ids"))).containsExactlyElementsOf(first.replicas());
        assertThat(ints(last.get(0).body().get("isr_ids"))).hasSize(2);
    }

    private static void assertProblem(AdminResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.body().get("kafka_error").asString()).isEqualTo("INVALID_REPLICATION_FACTOR");
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return values;
    }
}

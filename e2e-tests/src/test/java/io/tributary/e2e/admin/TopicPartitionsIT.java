package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.KafkaCli;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A topic's partitions after records were produced with kafka-clients: leader, replicas, ISR, log start and end
 * offsets and size on disk through the admin API, the same sizes through DescribeLogDirs (the Admin client and
 * {@code kafka-log-dirs.sh --describe}), and records deleted before an offset.
 */
class TopicPartitionsIT {

    private static final Map<Integer, Integer> RECORDS = Map.of(0, 10, 1, 3, 2, 0);

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static String topics;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        topics = "/v3/clusters/" + api.clusterId() + "/topics";
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        tributary.close();
    }

    private static void createAndProduce(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, RECORDS.size(), (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (Map.Entry<Integer, Integer> partition : RECORDS.entrySet()) {
                for (int i = 0; i < partition.getValue(); i++) {
                    producer.send(new ProducerRecord<>(topic, partition.getKey(), "k" + i, "value-" + i))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Map<Integer, Long> sizesFromDescribeLogDirs(String topic) throws Exception {
        Map<Integer, Long> sizes = new HashMap<>();
        Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(1)).allDescriptions()
                .get(30, TimeUnit.SECONDS).get(1);
        for (LogDirDescription dir : dirs.values()) {
            assertThat(dir.error()).isNull();
            for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                if (replica.getKey().topic().equals(topic)) {
                    sizes.put(replica.getKey().partition(), replica.getValue().size());
                    assertThat(replica.getValue().offsetLag()).isZero();
                }
            }
        }
        return sizes;
    }

    @Test
    void partitionsShowLeaderReplicasIsrOffsetsAndSizeOnDisk() throws Exception {
        createAndProduce("described");
        String partitions = topics + "/described/partitions";

        AdminResponse list = api.get(partitions);

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body().get("kind").asString()).isEqualTo("KafkaPartitionList");
        Map<Integer, Long> sizes = sizesFromDescribeLogDirs("described");
        assertThat(sizes).containsOnlyKeys(0, 1, 2);
        List<Integer> ids = new ArrayList<>();
        for (JsonNode partition : list.body().get("data")) {
            int id = partition.get("partition_id").asInt();
            ids.add(id);
            assertThat(partition.get("kind").asString()).isEqualTo("KafkaPartition");
            assertThat(partition.get("topic_name").asString()).isEqualTo("described");
            assertThat(partition.get("leader_id").asInt()).isEqualTo(1);
            assertThat(partition.get("leader").get("related").asString())
                    .isEqualTo(api.baseUrl() + "/v3/clusters/" + api.clusterId() + "/brokers/1");
            assertThat(ints(partition.get("replica_ids"))).containsExactly(1);
            assertThat(ints(partition.get("isr_ids"))).containsExactly(1);
            assertThat(partition.get("log_start_offset").asLong()).isZero();
            assertThat(partition.get("log_end_offset").asLong()).isEqualTo((long) RECORDS.get(id));
            assertThat(partition.get("size_bytes").asLong()).isEqualTo(sizes.get(id));
            assertThat(partition.get("metadata").get("self").asString())
                    .isEqualTo(api.baseUrl() + partitions + "/" + id);
        }
        assertThat(ids).containsExactly(0, 1, 2);
        assertThat(sizes.get(0)).isGreaterThan(sizes.get(1));
        assertThat(sizes.get(2)).isZero();

        AdminResponse one = api.get(partitions + "/1");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.body().get("partition_id").asInt()).isEqualTo(1);
        assertThat(one.body().get("log_end_offset").asLong()).isEqualTo(3);

        AdminResponse missingPartition = api.get(partitions + "/7");
        assertThat(missingPartition.status()).isEqualTo(404);
        assertThat(missingPartition.body().get("kafka_error").asString()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");
        assertThat(missingPartition.body().get("detail").asString()).contains("7");
        assertThat(api.get(topics + "/nothing-here/partitions").status()).isEqualTo(404);
        assertThat(api.get(partitions + "/one").status()).isEqualTo(400);
    }

    @Test
    void kafkaLogDirsToolDescribesEveryNodesPartitions() throws Exception {
        createAndProduce("for-the-tool");
        Map<Integer, Long> sizes = sizesFromDescribeLogDirs("for-the-tool");

        CliResult described = KafkaCli.run(KafkaCli.LOG_DIRS_COMMAND,
                "--bootstrap-server", tributary.bootstrap(), "--describe", "--topic-list", "for-the-tool");

        assertThat(described.exitCode()).as(described.toString()).isZero();
        String json = described.stdout().lines().filter(line -> line.startsWith("{")).findFirst().orElseThrow();
        JsonNode brokers = JsonMapper.builder().build().readTree(json).get("brokers");
        Map<Integer, Map<String, Long>> listed = new HashMap<>();
        for (JsonNode broker : brokers) {
            Map<String, Long> partitions = listed.computeIfAbsent(broker.get("broker").asInt(), id -> new HashMap<>());
            for (JsonNode dir : broker.get("logDirs")) {
                assertThat(dir.get("error").isNull()).as(json).isTrue();
                for (JsonNode partition : dir.get("partitions")) {
                    partitions.put(partition.get("partition").asString(), partition.get("size").asLong());
                }
            }
        }
        // standalone's group coordinator (node 1000) is a node of the cluster too, and stores no partition
        assertThat(listed).containsOnlyKeys(1, 1000);
        assertThat(listed.get(1000)).isEmpty();
        assertThat(listed.get(1)).containsOnly(Map.entry("for-the-tool-0", sizes.get(0)),
                Map.entry("for-the-tool-1", sizes.get(1)), Map.entry("for-the-tool-2", sizes.get(2)));
        assertThat(sizes.get(0)).isPositive();
    }

    @Test
    void recordsAreDeletedBeforeAnOffsetPerPartition() throws Exception {
        createAndProduce("purged");
        String delete = topics + "/purged/records:delete";

        AdminResponse deleted = api.post(delete, Map.of("partitions", List.of(
                Map.of("partition_id", 0, "before_offset", 4),
                Map.of("partition_id", 1, "before_offset", -1))));

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.body().get("kind").asString()).isEqualTo("KafkaDeletedRecordsList");
        Map<Integer, Long> starts = new HashMap<>();
        for (JsonNode partition : deleted.body().get("data")) {
            assertThat(partition.get("topic_name").asString()).isEqualTo("purged");
            assertThat(partition.get("previous_log_start_offset").asLong()).isZero();
            starts.put(partition.get("partition_id").asInt(), partition.get("log_start_offset").asLong());
        }
        assertThat(starts).containsOnly(Map.entry(0, 4L), Map.entry(1, 3L));
        Waiting.atMost(Duration.ofSeconds(30), () -> "partitions: " + api.get(topics + "/purged/partitions"))
                .until(() -> api.get(topics + "/purged/partitions/0").body().get("log_start_offset").asLong() == 4);
        assertThat(api.get(topics + "/purged/partitions/1").body().get("log_start_offset").asLong()).isEqualTo(3);

        AdminResponse beyondTheEnd = api.post(delete, Map.of("partitions", List.of(
                Map.of("partition_id", 0, "before_offset", 11))));
        assertThat(beyondTheEnd.status()).as(beyondTheEnd.toString()).isEqualTo(422);
        assertThat(beyondTheEnd.body().get("kafka_error").asString()).isEqualTo("OFFSET_OUT_OF_RANGE");
        assertThat(beyondTheEnd.body().get("detail").asString()).contains("purged-0");

        AdminResponse unknownTopic = api.post(topics + "/nothing-here/records:delete", Map.of("partitions",
                List.of(Map.of("partition_id", 0, "before_offset", 1))));
        assertThat(unknownTopic.status()).as(unknownTopic.toString()).isEqualTo(404);
        assertThat(unknownTopic.body().get("kafka_error").asString()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");

        AdminResponse twice = api.post(delete, Map.of("partitions", List.of(
                Map.of("partition_id", 0, "before_offset", 5), Map.of("partition_id", 0, "before_offset", 6))));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body().get("type").asString()).isEqualTo("urn:tributary:problem:duplicate-partition");
        assertThat(api.post(delete, Map.of("partitions", List.of())).status()).isEqualTo(400);
        assertThat(api.post(delete, Map.of("partitions", List.of(Map.of("partition_id", 0)))).status())
                .isEqualTo(400);
        assertThat(api.post(delete, Map.of("partitions", List.of(Map.of("partition_id", 0, "before", 1))))
                .status()).isEqualTo(400);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return values;
    }
}

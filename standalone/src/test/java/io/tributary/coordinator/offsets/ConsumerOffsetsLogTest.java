package io.tributary.coordinator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.coordinator.log.CoordinatorRecord.GroupMetadata;
import io.tributary.coordinator.log.CoordinatorRecord.GroupTombstone;
import io.tributary.coordinator.log.CoordinatorRecord.Member;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetCommit;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetTombstone;
import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.coordinator.CoordinatorEpochStamp;
import io.tributary.metadata.zk.ZooKeeperConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real broker in this JVM: appends are produced with acks=all and replayed with a consumer. */
class ConsumerOffsetsLogTest {

    private static final OffsetsTopicSettings SETTINGS = OffsetsTopicSettings.KAFKA.withReplicationFactor((short) 1);
    private static final int COORDINATOR_ID = 1000;

    @TempDir
    static Path logDir;
    private static RunningBroker broker;
    private static ConsumerOffsetsLog offsetsLog;

    @BeforeAll
    static void start() throws Exception {
        broker = new RunningBroker(logDir);
        offsetsLog = new ConsumerOffsetsLog(broker.metadata(), SETTINGS, ConsumerOffsetsLogTest::claim);
    }

    @AfterAll
    static void stop() throws Exception {
        if (offsetsLog != null) {
            offsetsLog.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** This test's coordinator owns whatever partition it writes to. */
    private static OptionalLong claim(int partition) {
        return broker.metadata().claimOffsetsPartition(partition, COORDINATOR_ID);
    }

    private static void append(int partition, CoordinatorRecord... records) throws Exception {
        offsetsLog.append(partition, List.of(records)).get(30, TimeUnit.SECONDS);
    }

    private static OffsetCommit commit(String group, String topic, int partition, long offset) {
        return new OffsetCommit(group, topic, partition, offset, 0, "", 1000L + offset);
    }

    /** Groups that all hash to one partition, so that one replay sees them all. */
    private static List<String> groupsOfOnePartition(int count) {
        int partition = offsetsLog.partitionFor("orders-0");
        return java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> "orders-" + i)
                .filter(g -> offsetsLog.partitionFor(g) == partition).limit(count).toList();
    }

    @Test
    void commitsOfSeveralGroupsAreReplayedLatestPerKey() throws Exception {
        List<String> groups = groupsOfOnePartition(3);
        int partition = offsetsLog.partitionFor(groups.get(0));
        for (String group : groups) {
            append(partition, commit(group, "t", 0, 1), commit(group, "t", 1, 5));
        }
        append(partition, commit(groups.get(0), "t", 0, 2));
        String other = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "other-" + i)
                .filter(g -> offsetsLog.partitionFor(g) != partition).findFirst().orElseThrow();
        append(offsetsLog.partitionFor(other), commit(other, "t", 0, 9));

        List<CoordinatorRecord> replayed = offsetsLog.replay(partition);

        assertThat(replayed).containsExactly(
                commit(groups.get(0), "t", 1, 5),
                commit(groups.get(1), "t", 0, 1), commit(groups.get(1), "t", 1, 5),
                commit(groups.get(2), "t", 0, 1), commit(groups.get(2), "t", 1, 5),
                commit(groups.get(0), "t", 0, 2));
        assertThat(offsetsLog.replay(offsetsLog.partitionFor(other))).filteredOn(r -> r.group().equals(other))
                .containsExactly(commit(other, "t", 0, 9));
    }

    @Test
    void tombstonesRemoveOffsetsAndGroups() throws Exception {
        String group = "tombstoned";
        int partition = offsetsLog.partitionFor(group);
        GroupMetadata metadata = new GroupMetadata(group, "consumer", 3, "range", "m-1", 77L,
                List.of(new Member("m-1", "i-1", "c", "/127.0.0.1", 300000, 45000, new byte[] {1}, new byte[] {2})));
        append(partition, commit(group, "a", 0, 10), commit(group, "b", 0, 20), metadata);
        assertThat(offsetsLog.replay(partition)).filteredOn(r -> r.group().equals(group)).hasSize(3);

        append(partition, new OffsetTombstone(group, "a", 0), new GroupTombstone(group));

        assertThat(offsetsLog.replay(partition)).filteredOn(r -> r.group().equals(group))
                .containsExactly(commit(group, "b", 0, 20));

        append(partition, metadata);
        assertThat(offsetsLog.replay(partition)).filteredOn(r -> r.group().equals(group))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(commit(group, "b", 0, 20), metadata);
    }

    @Test
    void anEmptyPartitionReplaysToNothingAndARecordThatDoesNotDecodeIsSkipped() throws Exception {
        String group = "with-garbage";
        int partition = offsetsLog.partitionFor(group);
        assertThat(offsetsLog.replay((partition + 1) % SETTINGS.partitions()))
                .noneMatch(r -> r.group().equals(group));
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrap()), new ByteArraySerializer(), new ByteArraySerializer())) {
            // stamped as the owner's, as a record of a newer coordinator version would be
            raw.send(new ProducerRecord<>(ConsumerOffsetsLog.TOPIC, partition, null, new byte[] {0, 42}, new byte[] {1},
                    List.of(new RecordHeader(CoordinatorEpochStamp.HEADER,
                            CoordinatorEpochStamp.encode(claim(partition).orElseThrow()))))).get(30, TimeUnit.SECONDS);
        }
        append(partition, commit(group, "t", 0, 3));

        assertThat(offsetsLog.replay(partition)).filteredOn(r -> r.group().equals(group))
                .containsExactly(commit(group, "t", 0, 3));
    }

    @Test
    void theTopicIsCreatedCompactedWithFiftyPartitions() throws Exception {
        append(0, commit("any", "t", 0, 1));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            TopicDescription topic = admin.describeTopics(List.of(ConsumerOffsetsLog.TOPIC))
                    .allTopicNames().get(30, TimeUnit.SECONDS).get(ConsumerOffsetsLog.TOPIC);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, ConsumerOffsetsLog.TOPIC);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);

            assertThat(topic.partitions()).hasSize(50);
            assertThat(topic.isInternal()).isTrue();
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("segment.bytes").value()).isEqualTo("104857600");
        }
        assertThat(offsetsLog.partitionCount()).isEqualTo(50);
    }

    @Test
    void withoutALiveBrokerAnAppendFailsRetriably() throws Exception {
        try (CuratorFramework client = ZooKeeperConnection.connect(broker.zookeeperConnect() + "/empty-cluster",
                Duration.ofSeconds(10), Duration.ofSeconds(5));
             ClusterMetadata empty = new ClusterMetadata(client)) {
            empty.start();
            try (ConsumerOffsetsLog log = new ConsumerOffsetsLog(empty, SETTINGS, p -> OptionalLong.of(1))) {
                assertThatThrownBy(() -> log.append(0, List.of(commit("g", "t", 0, 1))).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(CoordinatorNotAvailableException.class)
                        .hasMessageContaining("no live broker");
                assertThatThrownBy(() -> log.replay(0)).isInstanceOf(CoordinatorNotAvailableException.class);
                assertThatThrownBy(() -> log.append(50, List.of()).get())
                        .cause().isInstanceOf(IllegalArgumentException.class);
            }
        }
    }
}

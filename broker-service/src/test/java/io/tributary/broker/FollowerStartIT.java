package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.PartitionLog;
import io.tributary.broker.log.StorageIo;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.zk.ZooKeeperConnection;

/**
 * Where a follower starts fetching: a log without leader epochs is cut to its high watermark first; a log that ends
 * below the leader's log start is emptied and restarts there. The leader is a real broker.
 */
class FollowerStartIT {

    private static final int LEADER = 2;
    private static final int FOLLOWER = 1;

    @TempDir
    Path leaderDir;
    @TempDir
    Path followerDir;
    private RunningBroker leader;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private LocalFollower follower;

    @BeforeEach
    void start() throws Exception {
        leader = new RunningBroker(leaderDir, Map.of("broker.id", String.valueOf(LEADER), "replica.lag.time.max.ms", "1000"));
        client = ZooKeeperConnection.connect(leader.zookeeperConnect(), Duration.ofSeconds(30), Duration.ofSeconds(10));
        metadata = new ClusterMetadata(client);
        metadata.start();
        follower = new LocalFollower(FOLLOWER, metadata, List.of(followerDir), StorageIo.DEFAULT);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, leader.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("t", Map.of(0, List.of(LEADER, FOLLOWER))))).all().get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metadata.topic("t").map(t -> !t.partitions().isEmpty()).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        follower.close();
        metadata.close();
        client.close();
        leader.close();
    }

    private void produce(String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, leader.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>("t", 0, null, value)).get();
            }
        }
    }

    private static List<String> values(PartitionLog log) {
        List<String> values = new ArrayList<>();
        for (Record record : log.read(log.logStartOffset(), 1 << 20, log.logEndOffset(), true).records().records()) {
            values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return values;
    }

    /** One batch at {@code offset}, as a broker that kept no leader epochs would have stored it. */
    private static MemoryRecords withoutEpoch(long offset, String value) {
        MemoryRecords built = MemoryRecords.withRecords(offset, Compression.NONE, RecordBatch.NO_PARTITION_LEADER_EPOCH,
                new SimpleRecord(value.getBytes(StandardCharsets.UTF_8)));
        return MemoryRecords.readableRecords(ByteBuffer.wrap(built.buffer().array(), 0, built.sizeInBytes()));
    }

    @Test
    void aLogWithoutLeaderEpochsIsCutToItsHighWatermarkBeforeItFetches() throws Exception {
        produce("x0", "x1", "x2", "x3", "x4");
        Uuid topicId = Uuid.fromString(metadata.topic("t").orElseThrow().assignment().topicId());
        PartitionLog log = follower.logs().getOrCreate("t", 0, topicId, LogConfig.defaults());
        log.appendAsFollower(withoutEpoch(0, "x0"));
        log.appendAsFollower(withoutEpoch(1, "never-committed-1"));
        log.appendAsFollower(withoutEpoch(2, "never-committed-2"));
        log.updateHighWatermark(1);
        assertThat(log.latestEpoch()).isEmpty();

        follower.follow("t");

        await().atMost(Duration.ofSeconds(30)).until(() -> log.logEndOffset() == 5);
        assertThat(values(log)).containsExactly("x0", "x1", "x2", "x3", "x4");
        assertThat(log.latestEpoch()).hasValue(0);
    }

    @Test
    void aLogEndingBelowTheLeadersLogStartRestartsThere() throws Exception {
        produce("x0", "x1", "x2", "x3", "x4");
        // the follower, not fetching yet, leaves the ISR after replica.lag.time.max.ms; the leader alone then commits its
        // log end, and DeleteRecords may move its log start up to it
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, leader.bootstrap()))) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> admin.deleteRecords(Map.of(
                    new TopicPartition("t", 0), RecordsToDelete.beforeOffset(3))).all().get() == null);
        }

        follower.follow("t");

        PartitionLog log = follower.log("t", 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> log.logEndOffset() == 5);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(values(log)).containsExactly("x3", "x4");
    }
}

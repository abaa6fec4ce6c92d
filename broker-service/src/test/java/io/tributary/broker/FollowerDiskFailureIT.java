package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.FaultyStorageIo;
import io.tributary.broker.log.PartitionLog;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.zk.ZooKeeperConnection;

/**
 * A follower's disk fails: the directory goes offline through the storage funnel, that partition is no longer fetched,
 * and the follower's partition in its other log directory keeps replicating. The leader is a real broker; the
 * follower is this broker's replication stack over log directories whose writes a test can fail.
 */
class FollowerDiskFailureIT {

    private static final int LEADER = 2;
    private static final int FOLLOWER = 1;

    @TempDir
    Path leaderDir;
    @TempDir
    Path followerDirs;
    private RunningBroker leader;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private final FaultyStorageIo io = new FaultyStorageIo();
    private LocalFollower follower;

    @BeforeEach
    void start() throws Exception {
        leader = new RunningBroker(leaderDir, Map.of("broker.id", String.valueOf(LEADER)));
        client = ZooKeeperConnection.connect(leader.zookeeperConnect(), Duration.ofSeconds(30), Duration.ofSeconds(10));
        metadata = new ClusterMetadata(client);
        metadata.start();
        follower = new LocalFollower(FOLLOWER, metadata, List.of(followerDirs.resolve("a"), followerDirs.resolve("b")), io);
    }

    @AfterEach
    void stop() throws Exception {
        follower.close();
        metadata.close();
        client.close();
        leader.close();
    }

    private void produce(int partition, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, leader.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>("t", partition, null, value)).get();
            }
        }
    }

    @Test
    void aFailedDiskStopsItsPartitionAndTheOtherDirectoryKeepsReplicating() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, leader.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("t", Map.of(0, List.of(LEADER, FOLLOWER), 1, List.of(LEADER, FOLLOWER)))))
                    .all().get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metadata.topic("t").map(t -> t.partitions().size() == 2).orElse(false));
        follower.follow("t");
        PartitionLog failing = follower.log("t", 0);
        PartitionLog healthy = follower.log("t", 1);
        assertThat(failing.logDirectory()).as("the two partitions live in different directories")
                .isNotEqualTo(healthy.logDirectory());

        produce(0, "a", "b");
        produce(1, "a", "b");
        await().atMost(Duration.ofSeconds(30)).until(() -> failing.logEndOffset() == 2 && healthy.logEndOffset() == 2);

        io.fullDisk(failing.logDirectory().path(), 0);
        produce(0, "c", "d");
        produce(1, "c", "d");

        await().atMost(Duration.ofSeconds(30)).until(() -> !failing.isOnline());
        await().atMost(Duration.ofSeconds(30)).until(() -> healthy.logEndOffset() == 4);
        produce(1, "e");
        await().atMost(Duration.ofSeconds(30)).until(() -> healthy.logEndOffset() == 5);
        assertThat(healthy.isOnline()).isTrue();
        assertThat(failing.logDirectory().offlineReason()).isPresent();
    }
}

package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;

/**
 * {@code offsets.topic.replication.factor} in a cluster: three broker processes and one coordinator process left at
 * its default (3). The first commit creates {@code __consumer_offsets} with three replicas per partition, one on each
 * broker, leaders spread over all three; commits written through whichever broker leads a partition (each checking
 * the coordinator's epoch stamp against its own view of the owners) read back through Kafka's Admin client. Then a
 * broker is killed with {@code kill -9} and the coordinator replaced by a new process, which can only know the
 * offsets by replaying them from the surviving replicas: every commit reads back the same.
 */
class OffsetsTopicReplicationIT {

    private static final String OFFSETS = "__consumer_offsets";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Set<Integer> BROKERS = Set.of(1, 2, 3);

    @TempDir
    static Path tmp;

    private static TestingServer zookeeper;
    private static final Map<Integer, ServiceProcess> BROKER_PROCESSES = new HashMap<>();
    private static ServiceProcess coordinator;
    private static String zkConnect;
    private static String bootstrap;

    @BeforeAll
    static void startCluster() throws Exception {
        zookeeper = new TestingServer(Ports.free(), tmp.resolve("zk").toFile(), true);
        zkConnect = zookeeper.getConnectString() + "/tributary";
        List<String> addresses = new ArrayList<>();
        for (int id : BROKERS) {
            int port = Ports.free();
            addresses.add("127.0.0.1:" + port);
            BROKER_PROCESSES.put(id, ServiceProcess.startAndAwaitReady(Service.BROKER, List.of("--broker.id=" + id,
                    "--listeners=PLAINTEXT://127.0.0.1:" + port, "--log.dirs=" + tmp.resolve("broker-" + id),
                    "--zookeeper.connect=" + zkConnect), "127.0.0.1", port));
        }
        bootstrap = String.join(",", addresses);
        coordinator = startCoordinator();
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            Waiting.atMost(DEADLINE, () -> "Metadata lists nodes " + nodeIds(admin) + ", not 1, 2, 3 and 1000")
                    .until(() -> nodeIds(admin).containsAll(Set.of(1, 2, 3, 1000)));
        }
    }

    private static ServiceProcess startCoordinator() {
        int port = Ports.free();
        return ServiceProcess.startAndAwaitReady(Service.COORDINATOR, List.of("--coordinator.id=1000",
                "--listeners=PLAINTEXT://127.0.0.1:" + port, "--zookeeper.connect=" + zkConnect,
                "--group.initial.rebalance.delay.ms=0"), "127.0.0.1", port);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        BROKER_PROCESSES.values().forEach(ServiceProcess::close);
        if (coordinator != null) {
            coordinator.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void theOffsetsTopicHasThreeReplicasOnThreeBrokersAndCommitsThroughEveryLeaderReadBack() throws Exception {
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
            TopicPartition orders = new TopicPartition("orders", 0);
            Map<String, Long> committed = new HashMap<>();
            // enough groups that their partitions of __consumer_offsets have leaders on every broker
            for (int i = 0; i < 30; i++) {
                String group = "replicated-" + i;
                long offset = 100 + i;
                Waiting.atMost(DEADLINE, () -> "committing for " + group + " through coordinator 1000")
                        .until(() -> commit(admin, group, orders, offset));
                committed.put(group, offset);
            }

            TopicDescription topic = admin.describeTopics(List.of(OFFSETS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(OFFSETS);
            assertThat(topic.partitions()).hasSize(50);
            for (TopicPartitionInfo partition : topic.partitions()) {
                assertThat(partition.replicas().stream().map(Node::id).collect(Collectors.toSet()))
                        .as("replicas of %s-%d", OFFSETS, partition.partition()).isEqualTo(BROKERS);
            }
            assertThat(topic.partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet()))
                    .as("leaders of %s", OFFSETS).isEqualTo(BROKERS);

            Set<Integer> leadersWritten = new HashSet<>();
            for (Map.Entry<String, Long> entry : committed.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(entry.getKey())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(read.get(orders)).as("offset committed for %s", entry.getKey()).isNotNull()
                        .extracting(OffsetAndMetadata::offset).isEqualTo(entry.getValue());
                int hash = entry.getKey().hashCode();
                int partition = (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % 50;
                leadersWritten.add(topic.partitions().get(partition).leader().id());
            }
            assertThat(leadersWritten).as("brokers that took a commit as leader").isEqualTo(BROKERS);

            int victim = topic.partitions().get(0).leader().id();
            BROKER_PROCESSES.get(victim).kill9();
            coordinator.close();
            coordinator = startCoordinator();
            Waiting.atMost(Duration.ofSeconds(120), () -> "after broker " + victim + " was killed and the coordinator "
                    + "replaced, the committed offsets read " + readBack(admin, committed.keySet(), orders))
                    .failFast(coordinator.aliveCheck())
                    .until(() -> readBack(admin, committed.keySet(), orders).equals(committed));
        }
    }

    /** Group → committed offset of {@code tp}, for the groups whose offsets can be read now. */
    private static Map<String, Long> readBack(Admin admin, Set<String> groups, TopicPartition tp) {
        Map<String, Long> read = new HashMap<>();
        for (String group : groups) {
            try {
                OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS).get(tp);
                if (offset != null) {
                    read.put(group, offset.offset());
                }
            } catch (Exception notYet) {
                // the coordinator is still loading, or the partition's leader is moving
            }
        }
        return read;
    }

    private static boolean commit(Admin admin, String group, TopicPartition tp, long offset) {
        try {
            admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset))).all()
                    .get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception retriable) {
            return false; // the coordinator may still be loading its partitions or creating the topic
        }
    }

    private static Set<Integer> nodeIds(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id)
                    .collect(Collectors.toSet());
        } catch (Exception notYet) {
            return Set.of();
        }
    }
}

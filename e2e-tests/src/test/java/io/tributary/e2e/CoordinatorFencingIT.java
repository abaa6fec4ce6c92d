package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;

/**
 * A coordinator paused past its ZooKeeper session (SIGSTOP) comes back still holding a commit a client sent it
 * meanwhile; by then the other coordinator owns the group and has committed. Whichever the paused coordinator does
 * first when it resumes, notice the lost session or write the commit (which the broker then refuses: the commit
 * carries the epoch of its lost claim), the client is answered NOT_COORDINATOR and the group's committed offset stays
 * the one committed through the new owner, also after the partition moves back to the returning coordinator.
 */
class CoordinatorFencingIT {

    private static final String GROUP = "fenced-commits";
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static TestingServer zookeeper;
    private static ServiceProcess broker;
    private static final Map<Integer, ServiceProcess> COORDINATORS = new HashMap<>();
    private static final Map<Integer, Integer> PORTS = new HashMap<>();
    private static String bootstrap;

    @BeforeAll
    static void startCluster() throws Exception {
        zookeeper = new TestingServer(Ports.free(), tmp.resolve("zk").toFile(), true);
        String zkConnect = zookeeper.getConnectString() + "/tributary";
        int brokerPort = Ports.free();
        bootstrap = "127.0.0.1:" + brokerPort;
        broker = ServiceProcess.startAndAwaitReady(Service.BROKER, List.of("--broker.id=1",
                "--listeners=PLAINTEXT://127.0.0.1:" + brokerPort, "--log.dirs=" + tmp.resolve("broker-logs"),
                "--zookeeper.connect=" + zkConnect, "--offsets.topic.num.partitions=4"), "127.0.0.1", brokerPort);
        for (int id : List.of(1000, 1001)) {
            int port = Ports.free();
            PORTS.put(id, port);
            COORDINATORS.put(id, ServiceProcess.startAndAwaitReady(Service.COORDINATOR, List.of(
                    "--coordinator.id=" + id, "--listeners=PLAINTEXT://127.0.0.1:" + port,
                    "--zookeeper.connect=" + zkConnect, "--offsets.topic.replication.factor=1",
                    "--offsets.topic.num.partitions=4", "--zookeeper.session.timeout.ms=6000"),
                    "127.0.0.1", port));
        }
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            Waiting.atMost(DEADLINE, () -> "Metadata lists nodes " + nodeIds(admin) + ", not 1, 1000 and 1001")
                    .until(() -> nodeIds(admin).containsAll(Set.of(1, 1000, 1001)));
        }
        ClientSupport.createTopic(bootstrap, ORDERS.topic(), 1, Map.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        COORDINATORS.values().forEach(ServiceProcess::close);
        if (broker != null) {
            broker.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void aCommitHeldByAPausedCoordinatorIsRefusedAndTheNewOwnersOffsetStands() throws Exception {
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            Waiting.atMost(DEADLINE, () -> "a first commit of " + GROUP).until(() -> commit(admin, 10));
            int paused = coordinatorOf(admin);
            int other = paused == 1000 ? 1001 : 1000;
            ServiceProcess pausedProcess = COORDINATORS.get(paused);

            try (RawKafkaConnection stale = RawKafkaConnection.open("127.0.0.1", PORTS.get(paused),
                    Duration.ofSeconds(30))) {
                pausedProcess.pause();
                try {
                    Waiting.atMost(DEADLINE, () -> "coordinator " + other + " taking " + GROUP + " over, now "
                            + coordinatorOrMinusOne(admin)).until(() -> coordinatorOrMinusOne(admin) == other
                            && commit(admin, 20));
                    RequestHeader header = stale.send(OffsetCommitRequest.Builder.forTopicNames(
                            new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(-1)
                                    .setMemberId("").setTopics(List.of(new OffsetCommitRequestTopic()
                                            .setName(ORDERS.topic()).setPartitions(List.of(
                                                    new OffsetCommitRequestPartition().setPartitionIndex(0)
                                                            .setCommittedOffset(30)))))).build((short) 8));
                    pausedProcess.resume();

                    OffsetCommitResponse answer = (OffsetCommitResponse) stale.receive(header);
                    assertThat(Errors.forCode(answer.data().topics().get(0).partitions().get(0).errorCode()))
                            .as("the answer of the paused coordinator to the commit it held")
                            .isEqualTo(Errors.NOT_COORDINATOR);
                } finally {
                    pausedProcess.resume();
                }
            }

            assertThat(committed(admin)).as("the committed offset right after").isEqualTo(20L);
            // the partition goes back to the returning coordinator, which replays it from the log
            Waiting.atMost(DEADLINE, () -> "coordinator " + paused + " owning " + GROUP + " again, now "
                    + coordinatorOrMinusOne(admin)).failFast(pausedProcess.aliveCheck())
                    .until(() -> coordinatorOrMinusOne(admin) == paused && committedOrMinusOne(admin) >= 0);
            assertThat(committed(admin)).as("the committed offset once the paused coordinator owns the group again")
                    .isEqualTo(20L);
        }
    }

    private static boolean commit(Admin admin, long offset) {
        try {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(ORDERS, new OffsetAndMetadata(offset))).all()
                    .get(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception retriable) {
            return false; // no coordinator yet, or it is loading
        }
    }

    private static long committed(Admin admin) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(ORDERS);
        return offset == null ? -1 : offset.offset();
    }

    private static long committedOrMinusOne(Admin admin) {
        try {
            return committed(admin);
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static int coordinatorOf(Admin admin) throws Exception {
        return admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS).get(GROUP)
                .coordinator().id();
    }

    private static int coordinatorOrMinusOne(Admin admin) {
        try {
            return coordinatorOf(admin);
        } catch (Exception notYet) {
            return -1;
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

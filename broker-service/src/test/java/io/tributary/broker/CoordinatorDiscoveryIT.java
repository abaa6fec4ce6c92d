package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.zk.ZooKeeperConnection;

/**
 * How a broker sends clients to the coordinator service: FindCoordinator, the coordinators listed in Metadata and
 * DescribeCluster, and an empty ListGroups. A real ZooKeeper and broker; the coordinator is only registered in
 * ZooKeeper, at the broker's own address, so that whatever a client sends to node 1000 still gets an answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoordinatorDiscoveryIT {

    private static final int OFFSETS_PARTITIONS = 5;
    private static final int COORDINATOR_ID = 1000;

    @TempDir
    static Path logDir;
    static RunningBroker broker;
    static Admin admin;
    static CuratorFramework zookeeper;
    static ClusterMetadata coordinatorSide;

    @BeforeAll
    static void start() throws Exception {
        broker = new RunningBroker(logDir, Map.of("offsets.topic.num.partitions", String.valueOf(OFFSETS_PARTITIONS)));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()));
        zookeeper = ZooKeeperConnection.connect(broker.zookeeperConnect(), Duration.ofSeconds(18), Duration.ofSeconds(10));
        coordinatorSide = new ClusterMetadata(zookeeper);
        coordinatorSide.start();
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        coordinatorSide.close();
        zookeeper.close();
        broker.close();
    }

    @Test
    @Order(1)
    void withoutCoordinatorsGroupsAreEmptyAndNoCoordinatorIsAvailable() throws Exception {
        assertThat(admin.listGroups().all().get()).isEmpty();
        FindCoordinatorResponseData.Coordinator answer = findGroupCoordinators((short) 6, "orders").get(0);
        assertThat(answer.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(answer.nodeId()).isEqualTo(-1);
    }

    @Test
    @Order(2)
    void findCoordinatorNamesTheOwnerOfTheGroupsOffsetsPartition() throws Exception {
        coordinatorSide.registerCoordinator(new CoordinatorRegistration(COORDINATOR_ID, "127.0.0.1", broker.port()));
        String owned = "orders";
        String unowned = groupNotIn(ClusterMetadata.offsetsPartitionFor(owned, OFFSETS_PARTITIONS));
        assertThat(coordinatorSide.claimOffsetsPartition(ClusterMetadata.offsetsPartitionFor(owned, OFFSETS_PARTITIONS),
                COORDINATOR_ID)).isPresent();
        waitFor(() -> call(ApiKeys.FIND_COORDINATOR, (short) 6, new FindCoordinatorRequestData()
                .setKeyType((byte) 0).setCoordinatorKeys(List.of(owned))) instanceof FindCoordinatorResponseData r
                && r.coordinators().get(0).errorCode() == 0);

        List<FindCoordinatorResponseData.Coordinator> batched = findGroupCoordinators((short) 6, owned, unowned);
        assertThat(batched).extracting(FindCoordinatorResponseData.Coordinator::key).containsExactly(owned, unowned);
        assertThat(batched.get(0).errorCode()).isZero();
        assertThat(batched.get(0).nodeId()).isEqualTo(COORDINATOR_ID);
        assertThat(batched.get(0).host()).isEqualTo("127.0.0.1");
        assertThat(batched.get(0).port()).isEqualTo(broker.port());
        assertThat(batched.get(1).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());

        FindCoordinatorResponseData single = (FindCoordinatorResponseData) call(ApiKeys.FIND_COORDINATOR, (short) 3,
                new FindCoordinatorRequestData().setKey(owned).setKeyType((byte) 0));
        assertThat(single.errorCode()).isZero();
        assertThat(single.nodeId()).isEqualTo(COORDINATOR_ID);
        assertThat(single.port()).isEqualTo(broker.port());
        FindCoordinatorResponseData v0 = (FindCoordinatorResponseData) call(ApiKeys.FIND_COORDINATOR, (short) 0,
                new FindCoordinatorRequestData().setKey(unowned));
        assertThat(v0.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());

        FindCoordinatorResponseData transaction = (FindCoordinatorResponseData) call(ApiKeys.FIND_COORDINATOR, (short) 6,
                new FindCoordinatorRequestData().setKeyType((byte) 1).setCoordinatorKeys(List.of("tx")));
        assertThat(transaction.coordinators().get(0).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(transaction.coordinators().get(0).errorMessage()).isEqualTo("Transactions are not supported");
    }

    @Test
    @Order(3)
    void metadataAndDescribeClusterListTheCoordinatorAfterTheBrokers() throws Exception {
        MetadataResponseData metadata = (MetadataResponseData) call(ApiKeys.METADATA, (short) 12,
                new MetadataRequestData().setTopics(List.of()));
        assertThat(metadata.brokers()).extracting(MetadataResponseData.MetadataResponseBroker::nodeId)
                .containsExactly(1, COORDINATOR_ID);

        waitFor(() -> {
            try {
                return admin.describeCluster().nodes().get().size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, COORDINATOR_ID);
        assertThat(admin.listGroups().all().get()).as("ListGroups to every node, all empty").isEmpty();
    }

    @Test
    @Order(4)
    void onceTheOffsetsTopicExistsItsPartitionCountDecidesNotTheBrokersSetting() throws Exception {
        int created = 3;
        String group = groupWhere(g -> ClusterMetadata.offsetsPartitionFor(g, created)
                != ClusterMetadata.offsetsPartitionFor(g, OFFSETS_PARTITIONS));
        admin.createTopics(List.of(new NewTopic(Topic.GROUP_METADATA_TOPIC_NAME, created, (short) 1))).all().get();
        assertThat(coordinatorSide.claimOffsetsPartition(ClusterMetadata.offsetsPartitionFor(group, created),
                COORDINATOR_ID)).isPresent();

        waitFor(() -> findGroupCoordinators((short) 6, group).get(0).errorCode() == 0);
        assertThat(findGroupCoordinators((short) 6, group).get(0).nodeId()).isEqualTo(COORDINATOR_ID);
    }

    private static String groupWhere(Predicate<String> condition) {
        for (int i = 0; ; i++) {
            String group = "group-" + i;
            if (condition.test(group)) {
                return group;
            }
        }
    }

    private static String groupNotIn(int partition) {
        return groupWhere(group -> ClusterMetadata.offsetsPartitionFor(group, OFFSETS_PARTITIONS) != partition);
    }

    private static List<FindCoordinatorResponseData.Coordinator> findGroupCoordinators(short version, String... groups)
            throws Exception {
        FindCoordinatorResponseData response = (FindCoordinatorResponseData) call(ApiKeys.FIND_COORDINATOR, version,
                new FindCoordinatorRequestData().setKeyType((byte) 0).setCoordinatorKeys(List.of(groups)));
        return response.coordinators();
    }

    /** One request over a fresh socket, without kafka-clients' NetworkClient. */
    private static ApiMessage call(ApiKeys key, short version, ApiMessage request) throws Exception {
        RequestHeader header = new RequestHeader(key, version, "coordinator-discovery-it", 42);
        ByteBuffer headerBytes = MessageUtil.toByteBufferAccessor(header.data(), header.headerVersion()).buffer();
        ByteBuffer bodyBytes = MessageUtil.toByteBufferAccessor(request, version).buffer();
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(headerBytes.remaining() + bodyBytes.remaining());
            out.write(headerBytes.array(), headerBytes.arrayOffset() + headerBytes.position(), headerBytes.remaining());
            out.write(bodyBytes.array(), bodyBytes.arrayOffset() + bodyBytes.position(), bodyBytes.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            ResponseHeader responseHeader = ResponseHeader.parse(buffer, key.responseHeaderVersion(version));
            assertThat(responseHeader.correlationId()).isEqualTo(42);
            return AbstractResponse.parseResponse(key, new ByteBufferAccessor(buffer), version).data();
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls until the condition holds, failing after a deadline. */
    private static void waitFor(Condition condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(50);
        }
    }
}

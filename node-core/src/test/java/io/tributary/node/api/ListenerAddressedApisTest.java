package io.tributary.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.broker.Endpoint;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.node.admin.ClusterView;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * Metadata, DescribeCluster and FindCoordinator answer with each node's address on the listener the request came in
 * on, as Kafka does: nodes without that listener are left out, a partition led by one has LISTENER_NOT_FOUND, a group
 * coordinator without it is not available. Against a real ZooKeeper.
 */
class ListenerAddressedApisTest {

    private static final String GROUP = "orders";

    private TestingServer zookeeper;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private ApiHandler metadataHandler;
    private ApiHandler describeCluster;
    private ApiHandler findCoordinator;

    @BeforeEach
    void twoBrokersAndACoordinator() throws Exception {
        zookeeper = new TestingServer(true);
        client = ZooKeeperConnection.connect(zookeeper.getConnectString(), Duration.ofSeconds(6), Duration.ofSeconds(1));
        metadata = new ClusterMetadata(client);
        metadata.start();
        Endpoint internal1 = new Endpoint("INTERNAL", "broker-1", 19092);
        metadata.registerBroker(new BrokerRegistration(1, internal1,
                List.of(internal1, new Endpoint("EXTERNAL", "localhost", 9092)), "rack-a", 0));
        // broker 2 advertises no EXTERNAL address: no client outside can reach it
        Endpoint internal2 = new Endpoint("INTERNAL", "broker-2", 19092);
        metadata.registerBroker(new BrokerRegistration(2, internal2, List.of(internal2), "rack-b", 0));
        Endpoint internalC = new Endpoint("INTERNAL", "coordinator-1", 19093);
        metadata.registerCoordinator(new CoordinatorRegistration(1000, internalC,
                List.of(internalC, new Endpoint("EXTERNAL", "localhost", 9093))));
        metadata.createTopic(new NewTopic("events", -1, (short) -1, Map.of(0, List.of(1, 2), 1, List.of(2, 1)),
                Map.of()), false);
        metadata.claimOffsetsPartition(ClusterMetadata.offsetsPartitionFor(GROUP, 1), 1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> metadata.topic("events").isPresent()
                && metadata.liveBrokers().size() == 2 && metadata.liveCoordinators().size() == 1
                && metadata.coordinatorFor(GROUP, 1).isPresent());
        ClusterView cluster = new ClusterView(metadata, () -> 1);
        metadataHandler = new MetadataHandler(cluster, metadata, TopicAutoCreation.disabled());
        describeCluster = new DescribeClusterHandler(cluster);
        findCoordinator = new FindCoordinatorHandler(metadata, 1);
    }

    @AfterEach
    void close() throws Exception {
        metadata.close();
        client.close();
        zookeeper.close();
    }

    @Test
    void metadataListsTheAddressesOnTheRequestsListenerAndNoOtherNode() {
        MetadataResponseData internal = metadata("INTERNAL");
        assertThat(internal.brokers()).extracting(b -> b.nodeId() + "@" + b.host() + ":" + b.port())
                .containsExactly("1@broker-1:19092", "2@broker-2:19092", "1000@coordinator-1:19093");
        assertThat(internal.topics().find("events").partitions())
                .extracting(p -> p.partitionIndex() + ":" + p.leaderId() + ":" + Errors.forCode(p.errorCode()))
                .containsExactly("0:1:NONE", "1:2:NONE");

        MetadataResponseData external = metadata("EXTERNAL");
        assertThat(external.brokers()).extracting(b -> b.nodeId() + "@" + b.host() + ":" + b.port())
                .containsExactly("1@localhost:9092", "1000@localhost:9093");
        MetadataResponseData.MetadataResponsePartition ledByBroker2 = external.topics().find("events").partitions().get(1);
        assertThat(ledByBroker2.errorCode()).isEqualTo(Errors.LISTENER_NOT_FOUND.code());
        assertThat(ledByBroker2.leaderId()).isEqualTo(-1);
        assertThat(ledByBroker2.replicaNodes()).containsExactly(2, 1);
        assertThat(external.topics().find("events").partitions().get(0).leaderId()).isEqualTo(1);
    }

    @Test
    void describeClusterListsTheAddressesOnTheRequestsListener() {
        DescribeClusterResponseData external = (DescribeClusterResponseData) call(describeCluster,
                ApiKeys.DESCRIBE_CLUSTER, "EXTERNAL", new DescribeClusterRequestData().setEndpointType((byte) 1));

        assertThat(external.brokers()).extracting(b -> b.brokerId() + "@" + b.host() + ":" + b.port() + "/" + b.rack())
                .containsExactly("1@localhost:9092/rack-a", "1000@localhost:9093/null");
    }

    @Test
    void findCoordinatorAnswersTheCoordinatorsAddressOnTheRequestsListener() {
        assertThat(coordinator("INTERNAL").host()).isEqualTo("coordinator-1");
        FindCoordinatorResponseData.Coordinator external = coordinator("EXTERNAL");
        assertThat(external.nodeId()).isEqualTo(1000);
        assertThat(external.host() + ":" + external.port()).isEqualTo("localhost:9093");

        FindCoordinatorResponseData.Coordinator elsewhere = coordinator("REPLICATION");
        assertThat(elsewhere.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(elsewhere.errorMessage()).isEqualTo("Coordinator 1000 has no listener REPLICATION");
        assertThat(elsewhere.nodeId()).isEqualTo(-1);
    }

    private MetadataResponseData metadata(String listener) {
        return (MetadataResponseData) call(metadataHandler, ApiKeys.METADATA, listener,
                new MetadataRequestData().setTopics(null));
    }

    private FindCoordinatorResponseData.Coordinator coordinator(String listener) {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData().setKeyType((byte) 0)
                .setCoordinatorKeys(List.of(GROUP));
        return ((FindCoordinatorResponseData) call(findCoordinator, ApiKeys.FIND_COORDINATOR, listener, request))
                .coordinators().get(0);
    }

    private static ApiMessage call(ApiHandler handler, ApiKeys key, String listener, ApiMessage request) {
        RequestContext context = new RequestContext(new RequestHeader(key, key.latestVersion(), "test", 1),
                InetSocketAddress.createUnresolved("test", 1), "test-connection", listener);
        return handler.handle(context, request).join();
    }
}

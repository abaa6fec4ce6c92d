package io.tributary.metadata.zk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.broker.Endpoint;
import io.tributary.metadata.producer.ProducerIdBlock;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicAssignment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {

    private final MetadataJson json = new MetadataJson();

    @Test
    void aBrokerIsStoredWithoutItsIdWhichIsTheNodeName() {
        BrokerRegistration broker = new BrokerRegistration(7, "b7.local", 9092, "rack-a", 1234L);

        assertThat(text(json.broker(broker)))
                .isEqualTo("{\"host\":\"b7.local\",\"port\":9092,\"rack\":\"rack-a\",\"startedAt\":1234,\"shuttingDown\":false}");
        assertThat(json.broker(7, json.broker(broker))).isEqualTo(broker);
    }

    @Test
    void aNodeWithNamedListenersKeepsItsInterBrokerAddressInHostAndPortForOlderReaders() {
        Endpoint internal = new Endpoint("INTERNAL", "broker-7", 19092);
        BrokerRegistration broker = new BrokerRegistration(7, internal,
                List.of(internal, new Endpoint("EXTERNAL", "localhost", 9092)), null, 1234L);

        assertThat(text(json.broker(broker))).isEqualTo("{\"host\":\"broker-7\",\"port\":19092,\"rack\":null,"
                + "\"startedAt\":1234,\"shuttingDown\":false,\"endpoints\":[{\"listener\":\"INTERNAL\","
                + "\"host\":\"broker-7\",\"port\":19092},{\"listener\":\"EXTERNAL\",\"host\":\"localhost\","
                + "\"port\":9092}]}");
        BrokerRegistration read = json.broker(7, json.broker(broker));
        assertThat(read).isEqualTo(broker);
        assertThat(read.endpoint("EXTERNAL")).contains(new Endpoint("EXTERNAL", "localhost", 9092));
        assertThat(read.endpoint("CONTROLLER")).isEmpty();
        assertThat(read.shuttingDownNow().endpoints()).isEqualTo(broker.endpoints());

        CoordinatorRegistration coordinator = new CoordinatorRegistration(1000, new Endpoint("INTERNAL", "c1", 19093),
                List.of(new Endpoint("INTERNAL", "c1", 19093), new Endpoint("EXTERNAL", "localhost", 9093)));
        assertThat(json.coordinator(1000, json.coordinator(coordinator))).isEqualTo(coordinator);
    }

    @Test
    void aRegistrationWithoutEndpointsServesItsOneAddressOnAnyListener() {
        BrokerRegistration older = json.broker(3,
                "{\"host\":\"b3\",\"port\":9092,\"rack\":null,\"startedAt\":1,\"shuttingDown\":false}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(older.endpoints()).isEmpty();
        assertThat(older.endpoint("EXTERNAL")).contains(new Endpoint("EXTERNAL", "b3", 9092));
    }

    @Test
    void aTopicHasSortedPartitionsAndConfigs() {
        TopicAssignment topic = new TopicAssignment("id", Map.of(1, List.of(2, 3), 0, List.of(3, 2)),
                Map.of("retention.ms", "1000", "cleanup.policy", "compact"));

        assertThat(text(json.topic(topic))).isEqualTo("{\"topicId\":\"id\",\"replicas\":{\"0\":[3,2],\"1\":[2,3]},"
                + "\"configs\":{\"cleanup.policy\":\"compact\",\"retention.ms\":\"1000\"}}");
        assertThat(json.topic(json.topic(topic))).isEqualTo(topic);
    }

    @Test
    void valuesRoundTripAndUnknownFieldsAreIgnored() {
        PartitionState state = new PartitionState(1, 4, List.of(1, 2), 3);
        assertThat(text(json.partitionState(state)))
                .isEqualTo("{\"leader\":1,\"leaderEpoch\":4,\"isr\":[1,2],\"controllerEpoch\":3}");
        assertThat(json.partitionState(
                "{\"leader\":1,\"leaderEpoch\":4,\"isr\":[1,2],\"controllerEpoch\":3,\"addedLater\":true}"
                        .getBytes(StandardCharsets.UTF_8))).isEqualTo(state);

        ProducerIdBlock block = new ProducerIdBlock(1, 2000, 1000);
        assertThat(json.producerIdBlock(json.producerIdBlock(block))).isEqualTo(block);
        assertThat(json.controllerEpoch(json.controllerEpoch(5))).isEqualTo(5);
        assertThat(json.clusterId(json.clusterId("abc"))).isEqualTo("abc");
        assertThat(json.deleteMarker(json.deleteMarker("tid"))).isEqualTo("tid");
        CoordinatorRegistration coordinator = new CoordinatorRegistration(1000, "c1", 9093);
        assertThat(text(json.coordinator(coordinator))).isEqualTo("{\"host\":\"c1\",\"port\":9093}");
        assertThat(json.coordinator(1000, json.coordinator(coordinator))).isEqualTo(coordinator);
        assertThat(text(json.offsetsPartitionOwner(1001))).isEqualTo("{\"coordinatorId\":1001}");
        assertThat(json.offsetsPartitionOwner(json.offsetsPartitionOwner(1001))).isEqualTo(1001);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

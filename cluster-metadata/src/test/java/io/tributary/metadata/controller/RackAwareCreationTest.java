package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.ZooKeeperTestSupport;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.topic.TopicMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The racks brokers register with reach the placement of new topics and added partitions. */
class RackAwareCreationTest extends ZooKeeperTestSupport {

    private static final Map<Integer, String> RACKS = Map.of(1, "r1", 2, "r1", 3, "r2", 4, "r2");

    @Test
    void topicsAndAddedPartitionsPlaceTheirReplicasOnBothRacks() {
        ClusterMetadata admin = null;
        for (int id = 1; id <= 4; id++) {
            ClusterMetadata node = metadata(client());
            node.registerBroker(new BrokerRegistration(id, "host-" + id, 9092, RACKS.get(id), 0L));
            admin = node;
        }
        ClusterMetadata last = admin;
        awaitTrue(() -> last.liveBrokers().size() == 4);

        last.createTopic(new NewTopic("t", 8, (short) 2, Map.of(), Map.of()), false);
        TopicMetadata grown = last.createPartitions("t", 16, null, false);

        assertThat(grown.assignment().replicas().values()).hasSize(16).allSatisfy(replicas ->
                assertThat(replicas.stream().map(RACKS::get).distinct()).hasSize(2));
    }
}

package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.PartitionController.ElectionType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Preferred-leader elections, asked for (ElectLeaders) and automatic (auto.leader.rebalance.enable). */
class PreferredLeaderTest extends ControllerTestSupport {

    @Test
    void aPreferredElectionMovesLeadershipBackOnceThePreferredReplicaIsInTheIsr() throws Exception {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        Node two = node(2);
        node(3);
        createTopic(controller, "t", Map.of(0, List.of(2, 3), 1, List.of(3, 2)));
        two.kill();
        awaitState(controller, "t", 0, 3, 1, List.of(3));
        node(2);
        awaitTrue(() -> controller.metadata().liveBrokers().size() == 3);
        PartitionId t0 = new PartitionId("t", 0);
        PartitionId t1 = new PartitionId("t", 1);

        assertThat(controller.controller().elect(ElectionType.PREFERRED, List.of(t0)).get())
                .containsEntry(t0, ElectionResult.NOT_AVAILABLE);
        assertThat(controller.controller().preferredReplicaImbalanceCount()).isEqualTo(1);

        setIsr(controller, "t", 0, List.of(3, 2));
        Map<PartitionId, ElectionResult> results = controller.controller().elect(ElectionType.PREFERRED,
                List.of(t0, t1, new PartitionId("t", 7), new PartitionId("nope", 0))).get();

        assertThat(results).containsExactly(Map.entry(t0, ElectionResult.ELECTED), Map.entry(t1, ElectionResult.NOT_NEEDED),
                Map.entry(new PartitionId("t", 7), ElectionResult.UNKNOWN_PARTITION),
                Map.entry(new PartitionId("nope", 0), ElectionResult.UNKNOWN_PARTITION));
        awaitState(controller, "t", 0, 2, 2, List.of(3, 2));
        assertThat(controller.controller().preferredReplicaImbalanceCount()).isZero();
    }

    @Test
    void anUncleanElectionIsOnlyNeededWithoutALiveLeader() throws Exception {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        Node two = node(2);
        node(3);
        createTopic(controller, "t", Map.of(0, List.of(2, 3), 1, List.of(3, 2)));
        setIsr(controller, "t", 0, List.of(2));
        two.kill();
        awaitState(controller, "t", 0, -1, 1, List.of(2));
        PartitionId t0 = new PartitionId("t", 0);
        PartitionId t1 = new PartitionId("t", 1);

        assertThat(controller.controller().elect(ElectionType.UNCLEAN, List.of(t0, t1)).get())
                .containsExactly(Map.entry(t0, ElectionResult.ELECTED), Map.entry(t1, ElectionResult.NOT_NEEDED));

        awaitState(controller, "t", 0, 3, 2, List.of(3));
        assertThat(controller.controller().uncleanElectionCount()).isEqualTo(1);
    }

    @Test
    void anImbalancedBrokerGetsItsLeadershipsBackAutomatically() {
        ControllerSettings quick = new ControllerSettings(true, Duration.ofMillis(200), 10,
                ControllerSettings.KAFKA.uncleanAllowed());
        Node controller = node(1, quick, true);
        awaitTrue(controller.election()::isController);
        Node two = node(2, quick, true);
        node(3, quick, true);
        createTopic(controller, "t", Map.of(0, List.of(2, 3), 1, List.of(3, 2)));
        two.kill();
        awaitState(controller, "t", 0, 3, 1, List.of(3));
        node(2, quick, true);

        setIsr(controller, "t", 0, List.of(3, 2));

        awaitState(controller, "t", 0, 2, 2, List.of(3, 2));
        assertThat(state(controller, "t", 1).leader()).isEqualTo(3);
    }

    @Test
    void withoutAutoRebalanceLeadershipStaysWhereFailoverPutIt() throws Exception {
        ControllerSettings manual = new ControllerSettings(false, Duration.ofMillis(100), 10,
                ControllerSettings.KAFKA.uncleanAllowed());
        Node controller = node(1, manual, true);
        awaitTrue(controller.election()::isController);
        Node two = node(2, manual, true);
        createTopic(controller, "t", Map.of(0, List.of(2, 1)));
        two.kill();
        awaitState(controller, "t", 0, 1, 1, List.of(1));
        node(2, manual, true);
        setIsr(controller, "t", 0, List.of(1, 2));

        // a preferred election asked for afterwards is the proof that nothing moved it in between
        Map<PartitionId, ElectionResult> results = controller.controller()
                .elect(ElectionType.PREFERRED, List.of(new PartitionId("t", 0))).get();

        assertThat(results).containsEntry(new PartitionId("t", 0), ElectionResult.ELECTED);
    }
}

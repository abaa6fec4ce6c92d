package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failover with real registrations in a real ZooKeeper: what the controller writes when brokers die and return. */
class PartitionFailoverTest extends ControllerTestSupport {

    @Test
    void aDeadLeaderIsReplacedByTheFirstLiveIsrReplicaAndADeadFollowerLeavesTheIsr() {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        Node two = node(2);
        node(3);
        createTopic(controller, "t", Map.of(0, List.of(2, 3, 1), 1, List.of(3, 2, 1)));

        two.kill();

        awaitState(controller, "t", 0, 3, 1, List.of(3, 1));
        awaitState(controller, "t", 1, 3, 0, List.of(3, 1));
        assertThat(state(controller, "t", 0).controllerEpoch()).isEqualTo(controller.election().epoch());
    }

    @Test
    void withoutUncleanElectionAPartitionWhoseIsrDiedHasNoLeaderAndItsLastMemberLeadsItOnReturn() {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        Node two = node(2);
        node(3);
        createTopic(controller, "t", Map.of(0, List.of(2, 3)));
        setIsr(controller, "t", 0, List.of(2));

        two.kill();

        awaitState(controller, "t", 0, -1, 1, List.of(2));
        assertThat(controller.controller().offlinePartitionCount()).isEqualTo(1);
        assertThat(controller.controller().uncleanElectionCount()).isZero();

        node(2);

        awaitState(controller, "t", 0, 2, 2, List.of(2));
        assertThat(controller.controller().offlinePartitionCount()).isZero();
    }

    @Test
    void uncleanElectionWhenTheTopicAllowsItTakesALiveReplicaAndIsCounted() {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        Node two = node(2);
        node(3);
        createTopic(controller, "t", Map.of(0, List.of(2, 3)),
                Map.of(ControllerSettings.UNCLEAN_LEADER_ELECTION_ENABLE, "true"));
        createTopic(controller, "clean", Map.of(0, List.of(2, 3)));
        setIsr(controller, "t", 0, List.of(2));
        setIsr(controller, "clean", 0, List.of(2));

        two.kill();

        awaitState(controller, "t", 0, 3, 1, List.of(3));
        awaitState(controller, "clean", 0, -1, 1, List.of(2));
        assertThat(controller.controller().uncleanElectionCount()).isEqualTo(1);
    }

    @Test
    void theNewControllerFinishesWhatTheDeadOneLeftUndone() {
        Node first = node(1);
        awaitTrue(first.election()::isController);
        Node two = node(2);
        Node three = node(3);
        createTopic(first, "t", Map.of(0, List.of(1, 3, 2), 1, List.of(2, 3, 1), 2, List.of(3, 1, 2)));

        // the controller and a broker die at once: nobody is left to handle either death but the next controller
        first.kill();
        two.kill();

        awaitTrue(three.election()::isController);
        awaitState(three, "t", 0, 3, 1, List.of(3));
        awaitState(three, "t", 1, 3, 1, List.of(3));
        awaitState(three, "t", 2, 3, 0, List.of(3));
        assertThat(state(three, "t", 0).controllerEpoch()).isEqualTo(three.election().epoch()).isGreaterThan(1);
    }

    @Test
    void brokersThatDiedWhileThereWasNoControllerAreHandledByTheNextOne() {
        Node two = node(2, ControllerSettings.KAFKA, false);
        Node three = node(3, ControllerSettings.KAFKA, false);
        createTopic(two, "t", Map.of(0, List.of(2, 3)));

        two.kill();
        awaitTrue(() -> three.metadata().liveBrokers().size() == 1);
        assertThat(state(three, "t", 0).leader()).isEqualTo(2);

        three.election().start();

        awaitState(three, "t", 0, 3, 1, List.of(3));
    }
}

package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker announcing its shutdown gets its leaderships moved before it goes; sole replicas stay with it. */
class ControlledShutdownTest extends ControllerTestSupport {

    @Test
    void leadershipsMoveToAnotherIsrMemberAndTheBrokerLeavesTheIsrsWhereOthersRemain() {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        Node two = node(2);
        node(3);
        createTopic(controller, "t", Map.of(0, List.of(2, 3), 1, List.of(3, 2)));
        createTopic(controller, "sole", Map.of(0, List.of(2)));

        List<PartitionId> left = ControlledShutdown.shutDown(two.metadata(), two.registration(), Duration.ofSeconds(10));

        assertThat(left).isEmpty();
        awaitState(controller, "t", 0, 3, 1, List.of(3));
        awaitState(controller, "t", 1, 3, 0, List.of(3));
        awaitState(controller, "sole", 0, 2, 0, List.of(2));
        assertThat(two.metadata().liveBrokers()).anyMatch(b -> b.id() == 2 && b.shuttingDown());
    }

    @Test
    void theControllerShuttingDownMovesItsOwnLeadershipsFirst() {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        node(2);
        createTopic(controller, "t", Map.of(0, List.of(1, 2)));

        List<PartitionId> left = ControlledShutdown.shutDown(controller.metadata(), controller.registration(),
                Duration.ofSeconds(10));

        assertThat(left).isEmpty();
        awaitState(controller, "t", 0, 2, 1, List.of(2));
    }

    @Test
    void withoutAControllerTheWaitEndsAtTheDeadlineNamingWhatStillHasToMove() {
        Node two = node(2, ControllerSettings.KAFKA, false);
        node(3, ControllerSettings.KAFKA, false);
        createTopic(two, "t", Map.of(0, List.of(2, 3)));

        List<PartitionId> left = ControlledShutdown.shutDown(two.metadata(), two.registration(), Duration.ofMillis(500));

        assertThat(left).containsExactly(new PartitionId("t", 0));
    }
}

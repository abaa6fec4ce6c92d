package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.LeaderRules.Decision;
import io.tributary.metadata.topic.PartitionState;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderRulesTest {

    private static final List<Integer> REPLICAS = List.of(1, 2, 3);
    private static final int CONTROLLER_EPOCH = 7;

    private static BrokerStates live(Integer... ids) {
        return new BrokerStates(Set.of(ids), Set.of());
    }

    private static PartitionState state(int leader, int epoch, Integer... isr) {
        return new PartitionState(leader, epoch, List.of(isr), 1);
    }

    private static Optional<PartitionState> reconcile(PartitionState state, BrokerStates brokers, boolean unclean) {
        return LeaderRules.reconcile(REPLICAS, state, brokers, unclean, CONTROLLER_EPOCH).map(Decision::next);
    }

    @Test
    void aHealthyPartitionNeedsNothing() {
        assertThat(reconcile(state(1, 4, 1, 2, 3), live(1, 2, 3), false)).isEmpty();
    }

    @Test
    void theFirstLiveIsrReplicaInAssignmentOrderLeadsNext() {
        assertThat(reconcile(state(1, 4, 3, 1, 2), live(2, 3), false))
                .contains(new PartitionState(2, 5, List.of(3, 2), CONTROLLER_EPOCH));
    }

    @Test
    void aDeadFollowerLeavesTheIsrWithoutAnEpochBump() {
        assertThat(reconcile(state(1, 4, 1, 2, 3), live(1, 3), false))
                .contains(new PartitionState(1, 4, List.of(1, 3), CONTROLLER_EPOCH));
    }

    @Test
    void withNoLiveIsrMemberThereIsNoLeaderAndTheIsrKeepsTheOldLeader() {
        PartitionState offline = reconcile(state(1, 4, 1, 2), live(3), false).orElseThrow();

        assertThat(offline).isEqualTo(new PartitionState(-1, 5, List.of(1), CONTROLLER_EPOCH));
        assertThat(reconcile(offline, live(3), false)).isEmpty();
        assertThat(reconcile(offline, live(1, 3), false)).contains(new PartitionState(1, 6, List.of(1), CONTROLLER_EPOCH));
    }

    @Test
    void uncleanElectionTakesTheFirstLiveReplicaAsTheWholeIsr() {
        Decision decision = LeaderRules.reconcile(REPLICAS, state(1, 4, 1), live(2, 3), true, CONTROLLER_EPOCH)
                .orElseThrow();

        assertThat(decision.unclean()).isTrue();
        assertThat(decision.next()).isEqualTo(new PartitionState(2, 5, List.of(2), CONTROLLER_EPOCH));
    }

    @Test
    void aShuttingDownLeaderHandsOverAndLeavesTheIsrButASoleMemberKeepsLeading() {
        BrokerStates oneLeaving = new BrokerStates(Set.of(1, 2, 3), Set.of(1));

        assertThat(reconcile(state(1, 4, 1, 2, 3), oneLeaving, false))
                .contains(new PartitionState(2, 5, List.of(2, 3), CONTROLLER_EPOCH));
        assertThat(reconcile(state(1, 4, 1), oneLeaving, false)).isEmpty();
        assertThat(reconcile(state(2, 4, 1, 2), oneLeaving, false))
                .contains(new PartitionState(2, 4, List.of(2), CONTROLLER_EPOCH));
    }

    @Test
    void thePreferredReplicaTakesOverOnlyFromTheIsr() {
        assertThat(LeaderRules.preferred(REPLICAS, state(2, 4, 2, 3), live(1, 2, 3), CONTROLLER_EPOCH)).isEmpty();
        assertThat(LeaderRules.preferred(REPLICAS, state(2, 4, 2, 3, 1), live(1, 2, 3), CONTROLLER_EPOCH)
                .map(Decision::next)).contains(new PartitionState(1, 5, List.of(2, 3, 1), CONTROLLER_EPOCH));
        assertThat(LeaderRules.preferred(REPLICAS, state(1, 4, 1, 2), live(1, 2, 3), CONTROLLER_EPOCH)).isEmpty();
    }
}

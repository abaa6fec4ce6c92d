package io.tributary.metadata.controller;

import io.tributary.metadata.topic.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The controller's decisions for one partition, as pure functions of its replicas (in assignment order, the first
 * being the preferred leader), its stored state and the brokers. They follow Kafka's KRaft controller
 * ({@code PartitionChangeBuilder}, {@code ReplicationControlManager}, 4.x):
 * <ul>
 * <li>A leader is the first replica in assignment order that is eligible (alive, not shutting down) and in the ISR;
 * every change of leader, to -1 too, bumps the leader epoch; an ISR-only change does not.</li>
 * <li>Dead brokers leave the ISR, and so do brokers in controlled shutdown once another member leads. The ISR is
 * never emptied: with no live member left, the partition has leader -1 and keeps its last member (the old leader,
 * whose log is the longest), so that broker's return brings the partition back without loss.</li>
 * <li>Unclean election (only where the topic allows it) takes any eligible replica when no ISR member is alive,
 * with that replica as the whole ISR: records only the old ISR held are lost.</li>
 * </ul>
 * Each rule is idempotent: applied to its own result it returns nothing, so the controller can apply the rules to
 * every partition on every change without looping.
 */
public final class LeaderRules {

    /** Leader id of a partition that has none. */
    public static final int NO_LEADER = -1;

    /** A new state, and whether it came from an unclean election. */
    public record Decision(PartitionState next, boolean unclean) {
    }

    private LeaderRules() {
    }

    /**
     * What the partition must become after broker changes: a leader if it has none or its leader died or is shutting
     * down, dead and shutting-down members out of the ISR.
     *
     * @return empty if the state is right as it is
     */
    public static Optional<Decision> reconcile(List<Integer> replicas, PartitionState state, BrokerStates brokers,
                                               boolean uncleanAllowed, int controllerEpoch) {
        List<Integer> liveIsr = state.isr().stream().filter(brokers::isLive).toList();
        int leader = state.leader();
        boolean leaderLive = leader != NO_LEADER && brokers.isLive(leader);
        Optional<Integer> candidate = firstEligible(replicas, liveIsr, brokers);
        if (leaderLive && (!brokers.shuttingDown().contains(leader) || candidate.isEmpty())) {
            // the leader stays (a shutting-down one only while nobody else can take over)
            List<Integer> isr = withoutShuttingDown(liveIsr, leader, brokers);
            return changed(state, leader, state.leaderEpoch(), isr, controllerEpoch, false);
        }
        if (candidate.isPresent()) {
            return changed(state, candidate.get(), state.leaderEpoch() + 1,
                    withoutShuttingDown(liveIsr, candidate.get(), brokers), controllerEpoch, false);
        }
        if (!liveIsr.isEmpty()) {
            // only members in controlled shutdown hold the data: one of them leads rather than nobody
            int fallback = replicas.stream().filter(liveIsr::contains).findFirst().orElse(liveIsr.get(0));
            return changed(state, fallback, state.leaderEpoch() + 1, liveIsr, controllerEpoch, false);
        }
        if (uncleanAllowed) {
            Optional<Integer> anyReplica = replicas.stream().filter(brokers::isEligible).findFirst();
            if (anyReplica.isPresent()) {
                return changed(state, anyReplica.get(), state.leaderEpoch() + 1, List.of(anyReplica.get()),
                        controllerEpoch, true);
            }
        }
        List<Integer> lastMember = state.isr().contains(leader) ? List.of(leader)
                : state.isr().isEmpty() ? List.of() : List.of(state.isr().get(0));
        int epoch = leader == NO_LEADER ? state.leaderEpoch() : state.leaderEpoch() + 1;
        return changed(state, NO_LEADER, epoch, lastMember, controllerEpoch, false);
    }

    /** Whether the preferred (first) replica leads. */
    public static boolean hasPreferredLeader(List<Integer> replicas, PartitionState state) {
        return !replicas.isEmpty() && state.leader() == replicas.get(0);
    }

    /**
     * Leadership to the preferred replica, if it is eligible and in the ISR and does not lead yet.
     *
     * @return empty if the preferred replica leads already or cannot
     */
    public static Optional<Decision> preferred(List<Integer> replicas, PartitionState state, BrokerStates brokers,
                                               int controllerEpoch) {
        if (replicas.isEmpty() || hasPreferredLeader(replicas, state)) {
            return Optional.empty();
        }
        int preferred = replicas.get(0);
        if (!brokers.isEligible(preferred) || !state.isr().contains(preferred)) {
            return Optional.empty();
        }
        List<Integer> isr = state.isr().stream().filter(brokers::isLive).toList();
        return changed(state, preferred, state.leaderEpoch() + 1, isr, controllerEpoch, false);
    }

    /**
     * ElectLeaders UNCLEAN for a partition without a live leader: an ISR member if one is eligible, else any eligible
     * replica.
     *
     * @return empty if no replica can lead
     */
    public static Optional<Decision> unclean(List<Integer> replicas, PartitionState state, BrokerStates brokers,
                                             int controllerEpoch) {
        List<Integer> liveIsr = state.isr().stream().filter(brokers::isLive).toList();
        Optional<Integer> clean = firstEligible(replicas, liveIsr, brokers);
        if (clean.isPresent()) {
            return changed(state, clean.get(), state.leaderEpoch() + 1, withoutShuttingDown(liveIsr, clean.get(), brokers),
                    controllerEpoch, false);
        }
        return replicas.stream().filter(brokers::isEligible).findFirst()
                .flatMap(any -> changed(state, any, state.leaderEpoch() + 1, List.of(any), controllerEpoch, true));
    }

    /** Whether the partition has a leader that is alive. */
    public static boolean hasLiveLeader(PartitionState state, BrokerStates brokers) {
        return state.leader() != NO_LEADER && brokers.isLive(state.leader());
    }

    private static Optional<Integer> firstEligible(List<Integer> replicas, List<Integer> isr, BrokerStates brokers) {
        return replicas.stream().filter(r -> isr.contains(r) && brokers.isEligible(r)).findFirst();
    }

    private static List<Integer> withoutShuttingDown(List<Integer> isr, int leader, BrokerStates brokers) {
        List<Integer> kept = new ArrayList<>();
        for (int member : isr) {
            if (member == leader || !brokers.shuttingDown().contains(member)) {
                kept.add(member);
            }
        }
        if (!kept.contains(leader)) {
            kept.add(0, leader);
        }
        return List.copyOf(kept);
    }

    private static Optional<Decision> changed(PartitionState state, int leader, int leaderEpoch, List<Integer> isr,
                                              int controllerEpoch, boolean unclean) {
        if (leader == state.leader() && leaderEpoch == state.leaderEpoch() && isr.equals(state.isr())) {
            return Optional.empty();
        }
        return Optional.of(new Decision(new PartitionState(leader, leaderEpoch, isr, controllerEpoch), unclean));
    }
}

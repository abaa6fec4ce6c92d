package io.tributary.broker.replication;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import io.tributary.broker.partition.FollowerProgress;
import io.tributary.broker.partition.Partition;
import io.tributary.metadata.topic.PartitionState;

/**
 * One partition led by this broker at one leader epoch: the followers' fetch states, the offset the term started
 * at, and the ISR change in flight, if any. It decides; {@link IsrWriter} writes.
 *
 * <pre>
 *   Committed ──follower caught up / followers lagging──▶ Pending(before, next) ──written, state moved on──▶ Committed
 *       ▲                                                        │
 *       └──────────────── write refused or failed ───────────────┘
 * </pre>
 * While a change is pending, the high watermark counts the ISR as the union of the ISR before and after it (Kafka's
 * maximal ISR, KIP-497), and no other change is proposed.
 */
final class LeaderTerm implements FollowerProgress {

    /** An ISR change being written: pending while the partition's state is still {@code before}. */
    record PendingIsr(PartitionState before, PartitionState next) {
    }

    private final Partition partition;
    private final int localBrokerId;
    private final int leaderEpoch;
    private final long epochStartOffset;
    private final Clock clock;
    private final long maxLagMs;
    private final LiveBrokerEpochs brokerEpochs;
    private final IntConsumer onExpandCandidate;
    private final Map<Integer, FollowerState> followers = new ConcurrentHashMap<>();
    private final AtomicReference<PendingIsr> pending = new AtomicReference<>();

    /**
     * @param onExpandCandidate told the id of a follower that may join the ISR, on the fetching thread: it must not
     *                          block
     */
    LeaderTerm(Partition partition, PartitionState state, int localBrokerId, Clock clock, long maxLagMs,
               LiveBrokerEpochs brokerEpochs, IntConsumer onExpandCandidate) {
        this.partition = partition;
        this.localBrokerId = localBrokerId;
        this.leaderEpoch = state.leaderEpoch();
        this.epochStartOffset = partition.log().logEndOffset();
        this.clock = clock;
        this.maxLagMs = maxLagMs;
        this.brokerEpochs = brokerEpochs;
        this.onExpandCandidate = onExpandCandidate;
        long now = clock.millis();
        for (int replica : partition.replicas()) {
            if (replica != localBrokerId) {
                followers.put(replica, FollowerState.atLeaderStart(state.isr().contains(replica), now));
            }
        }
    }

    Partition partition() {
        return partition;
    }

    @Override
    public int leaderEpoch() {
        return leaderEpoch;
    }

    /** The leader's log end offset when this term began: a follower must reach it to join the ISR. */
    long epochStartOffset() {
        return epochStartOffset;
    }

    FollowerState follower(int replicaId) {
        return followers.get(replicaId);
    }

    @Override
    public boolean recordFetch(int replicaId, long fetchOffset, long logStartOffset, long brokerEpoch,
                               long leaderLogEnd) {
        long now = clock.millis();
        FollowerState updated = followers.computeIfPresent(replicaId,
                (id, previous) -> previous.afterFetch(fetchOffset, logStartOffset, now, leaderLogEnd, brokerEpoch));
        if (updated == null) {
            return false;
        }
        if (mayJoinIsr(replicaId)) {
            onExpandCandidate.accept(replicaId);
        }
        return true;
    }

    @Override
    public long highWatermarkLimit(long leaderLogEnd) {
        Set<Integer> maximalIsr = maximalIsr();
        long now = clock.millis();
        long limit = leaderLogEnd;
        for (Map.Entry<Integer, FollowerState> entry : followers.entrySet()) {
            FollowerState follower = entry.getValue();
            // a caught-up follower about to join is waited for too, or a steady stream of appends keeps it below
            // the high watermark and out of the ISR for ever
            if (follower.logEndOffset() < limit && (maximalIsr.contains(entry.getKey())
                    || follower.isCaughtUp(leaderLogEnd, now, maxLagMs) && isIsrEligible(entry.getKey(), follower))) {
                limit = follower.logEndOffset();
            }
        }
        return limit;
    }

    @Override
    public int maximalIsrSize() {
        return maximalIsr().size();
    }

    /** The ISR members (this broker aside) that have not been caught up for longer than the lag time. */
    List<Integer> outOfSyncFollowers() {
        PartitionState state = partition.state();
        long leaderLogEnd = partition.log().logEndOffset();
        long now = clock.millis();
        List<Integer> out = new ArrayList<>();
        for (int member : state.isr()) {
            FollowerState follower = followers.get(member);
            if (member != localBrokerId && (follower == null || !follower.isCaughtUp(leaderLogEnd, now, maxLagMs))) {
                out.add(member);
            }
        }
        return out;
    }

    /**
     * Kafka's {@code isFollowerInSync} and {@code canAddReplicaToIsr}: not in the ISR, no ISR change in flight, its log
     * end at or past both the high watermark and the start of this term, and its broker epoch its live one.
     */
    boolean mayJoinIsr(int replicaId) {
        FollowerState follower = followers.get(replicaId);
        PartitionState state = partition.state();
        return follower != null && state != null && !state.isr().contains(replicaId) && !changeInFlight()
                && follower.logEndOffset() >= partition.log().highWatermark()
                && follower.logEndOffset() >= epochStartOffset
                && isIsrEligible(replicaId, follower);
    }

    /**
     * Kafka's {@code isReplicaIsrEligible}: the follower fetched in this term (Kafka keeps no broker epoch for it
     * before), and is live at the broker epoch its fetches carry.
     */
    private boolean isIsrEligible(int replicaId, FollowerState follower) {
        return follower.hasFetched() && brokerEpochs.isIsrEligible(replicaId, follower.brokerEpoch());
    }

    /**
     * Largest number of offsets a follower that fetched in this term is behind the leader's log end; 0 without one
     * (a follower that never fetched shows in the under-replicated count once it leaves the ISR).
     */
    long maxLag() {
        long leaderLogEnd = partition.log().logEndOffset();
        long max = 0;
        for (FollowerState follower : followers.values()) {
            if (follower.hasFetched()) {
                max = Math.max(max, leaderLogEnd - follower.logEndOffset());
            }
        }
        return max;
    }

    /**
     * Marks {@code next} as being written, unless another change is in flight. The high watermark is held meanwhile,
     * so that none computed without the new members moves past them.
     */
    boolean beginIsrChange(PartitionState before, PartitionState next) {
        boolean[] begun = new boolean[1];
        partition.whileHighWatermarkHeld(() -> {
            if (!changeInFlight()) {
                pending.set(new PendingIsr(before, next));
                begun[0] = true;
            }
        });
        return begun[0];
    }

    /** The write was refused or failed: the ISR stays what the partition's state says. */
    void abandonIsrChange(PartitionState next) {
        pending.updateAndGet(p -> p != null && p.next().equals(next) ? null : p);
    }

    boolean changeInFlight() {
        PendingIsr p = pending.get();
        if (p == null) {
            return false;
        }
        if (!p.before().equals(partition.state())) {
            // written and seen, or overtaken by another writer: the state says what the ISR is now
            pending.compareAndSet(p, null);
            return false;
        }
        return true;
    }

    private Set<Integer> maximalIsr() {
        PartitionState state = partition.state();
        Set<Integer> isr = new HashSet<>(state == null ? List.of() : state.isr());
        PendingIsr p = pending.get();
        if (p != null && changeInFlight()) {
            isr.addAll(p.next().isr());
        }
        return isr;
    }
}

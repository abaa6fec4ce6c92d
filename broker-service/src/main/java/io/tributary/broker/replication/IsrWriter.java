package io.tributary.broker.replication;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.tributary.broker.partition.Partition;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.PartitionState;

/**
 * Writes the leader's ISR decisions to the partition's state in ZooKeeper, compare-and-set against the state this
 * broker last saw: only while it still leads at the term's epoch, keeping the controller epoch it read, and without
 * bumping the leader epoch (an ISR-only change, as with KRaft). A write that loses a race changes nothing; the
 * decision is made again, on the state as it is then, at the next fetch or the next lag check. Runs on the ISR
 * thread: each write waits for ZooKeeper.
 */
final class IsrWriter {

    private static final Logger log = LoggerFactory.getLogger(IsrWriter.class);

    private final ClusterMetadata metadata;
    private final int localBrokerId;
    private final Counter shrinks;
    private final Counter expands;

    IsrWriter(ClusterMetadata metadata, int localBrokerId, Counter shrinks, Counter expands) {
        this.metadata = metadata;
        this.localBrokerId = localBrokerId;
        this.shrinks = shrinks;
        this.expands = expands;
    }

    /** Adds {@code replicaId} if it still may join (Kafka's {@code maybeExpandIsr}). */
    void maybeExpand(LeaderTerm term, int replicaId) {
        if (!term.mayJoinIsr(replicaId)) {
            return;
        }
        PartitionState before = term.partition().state();
        List<Integer> isr = new ArrayList<>(before.isr());
        isr.add(replicaId);
        if (write(term, before, isr)) {
            expands.increment();
            FollowerState follower = term.follower(replicaId);
            log.info("Expanded the ISR of {}-{} from {} to {} at leader epoch {}: replica {} caught up to offset {} "
                            + "(high watermark {})", term.partition().topic(), term.partition().index(), before.isr(), isr,
                    term.leaderEpoch(), replicaId, follower.logEndOffset(), term.partition().log().highWatermark());
        }
    }

    /** Drops the followers not caught up for longer than the lag time (Kafka's {@code maybeShrinkIsr}). */
    void maybeShrink(LeaderTerm term) {
        if (term.changeInFlight()) {
            return;
        }
        PartitionState before = term.partition().state();
        List<Integer> outOfSync = term.outOfSyncFollowers();
        if (outOfSync.isEmpty()) {
            return;
        }
        List<Integer> isr = new ArrayList<>(before.isr());
        isr.removeAll(outOfSync);
        if (write(term, before, isr)) {
            shrinks.increment();
            log.info("Shrank the ISR of {}-{} from {} to {} at leader epoch {}: replicas {} not caught up within "
                            + "replica.lag.time.max.ms (leader log end {}, high watermark {})", term.partition().topic(),
                    term.partition().index(), before.isr(), isr, term.leaderEpoch(), outOfSync,
                    term.partition().log().logEndOffset(), term.partition().log().highWatermark());
        }
    }

    private boolean write(LeaderTerm term, PartitionState before, List<Integer> isr) {
        Partition partition = term.partition();
        if (before == null || before.leader() != localBrokerId || before.leaderEpoch() != term.leaderEpoch()) {
            return false;
        }
        PartitionState next = new PartitionState(localBrokerId, before.leaderEpoch(), isr, before.controllerEpoch());
        if (!term.beginIsrChange(before, next)) {
            return false;
        }
        boolean written = false;
        try {
            written = metadata.compareAndSetPartitionState(partition.topic(), partition.index(), before, next);
        } catch (RuntimeException e) {
            log.warn("Could not write the ISR {} of {}-{} at leader epoch {}: {}", isr, partition.topic(),
                    partition.index(), term.leaderEpoch(), e.getMessage());
        } finally {
            if (!written) {
                term.abandonIsrChange(next);
            }
        }
        return written;
    }
}

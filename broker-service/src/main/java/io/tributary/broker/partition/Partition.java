package io.tributary.broker.partition;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import io.tributary.broker.log.AppendResult;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.PartitionLog;
import io.tributary.metadata.topic.PartitionState;

/**
 * One partition replica hosted by this broker: its log and the leadership state published in ZooKeeper.
 *
 * <pre>
 *   (created) ──state.leader == me──▶ Leader ──state.leader != me──▶ Follower
 *        │                              ▲                                │
 *        └──────state.leader != me──▶ Follower ◀──state.leader == me─────┘
 * </pre>
 *
 * As leader, the high watermark is the lowest log end offset of the ISR as the followers' fetches report it
 * ({@link FollowerProgress}, installed by replication for each leadership term); it never moves back, and, as in
 * Kafka 4.x, not at all while the ISR is smaller than the effective {@code min.insync.replicas}.
 */
public final class Partition {

    /** DeleteRecords' offset for "everything below the high watermark". */
    private static final long HIGH_WATERMARK = -1L;

    private final String topic;
    private final int index;
    private final int localBrokerId;
    private final PartitionLog log;
    private final Uuid topicId;
    private volatile LogConfig config;
    private volatile PartitionState state;
    private volatile List<Integer> replicas;
    private final Set<Runnable> highWatermarkWaiters = ConcurrentHashMap.newKeySet();
    private volatile FollowerProgress followers;

    Partition(String topic, int index, int localBrokerId, Uuid topicId, PartitionLog log, LogConfig config,
              PartitionState state, List<Integer> replicas) {
        this.topic = topic;
        this.index = index;
        this.localBrokerId = localBrokerId;
        this.topicId = topicId;
        this.log = log;
        this.config = config;
        this.state = state;
        this.replicas = replicas;
        // a sole leader's log end is committed: after a restart its high watermark must not wait for the next append
        maybeIncrementHighWatermark();
    }

    public String topic() {
        return topic;
    }

    public int index() {
        return index;
    }

    public Uuid topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    public PartitionState state() {
        return state;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    public LogConfig config() {
        return config;
    }

    public boolean isLeader() {
        PartitionState s = state;
        return s != null && s.leader() == localBrokerId;
    }

    public int leaderEpoch() {
        PartitionState s = state;
        return s == null ? -1 : s.leaderEpoch();
    }

    /** @return whether the leader or the leader epoch changed, so that the listeners must hear of it */
    boolean update(LogConfig config, PartitionState state, List<Integer> replicas) {
        PartitionState previous = this.state;
        this.config = config;
        this.replicas = replicas;
        this.state = state;
        FollowerProgress known = followers;
        if (known != null && (state == null || state.leader() != localBrokerId
                || state.leaderEpoch() != known.leaderEpoch())) {
            // what the followers fetched under another leader or epoch says nothing about this one
            followers = null;
        }
        maybeIncrementHighWatermark();
        // waiting produces must hear that the ISR or the leadership changed
        wakeWaiters();
        return state != null && (previous == null || previous.leader() != state.leader()
                || previous.leaderEpoch() != state.leaderEpoch());
    }

    /** As leader at {@code progress.leaderEpoch()}: from now on the followers' fetches are recorded there. */
    public void installFollowerProgress(FollowerProgress progress) {
        PartitionState s = state;
        if (s != null && s.leader() == localBrokerId && s.leaderEpoch() == progress.leaderEpoch()) {
            followers = progress;
            maybeIncrementHighWatermark();
        }
    }

    /**
     * Records a follower's fetch as leader and moves the high watermark if that allows it.
     *
     * @return false if this broker does not know {@code replicaId} as a follower of the current term (yet)
     */
    public boolean recordFollowerFetch(int replicaId, long fetchOffset, long logStartOffset, long brokerEpoch,
                                       long leaderLogEnd) {
        FollowerProgress progress = followers;
        if (progress == null || !progress.recordFetch(replicaId, fetchOffset, logStartOffset, brokerEpoch, leaderLogEnd)) {
            return false;
        }
        maybeIncrementHighWatermark();
        return true;
    }

    /** {@code min.insync.replicas}, capped by the replication factor as Kafka 4.x's {@code effectiveMinIsr}. */
    public int effectiveMinIsr() {
        return Math.min(config.minInsyncReplicas(), replicas.size());
    }

    /** As leader: whether fewer replicas are in sync than the effective {@code min.insync.replicas}. */
    public boolean isUnderMinIsr() {
        PartitionState s = state;
        return s != null && s.leader() == localBrokerId && s.isr().size() < effectiveMinIsr();
    }

    /** As leader: whether some assigned replica is not in sync. */
    public boolean isUnderReplicated() {
        PartitionState s = state;
        return s != null && s.leader() == localBrokerId && s.isr().size() < replicas.size();
    }

    /**
     * Whether an {@code acks=all} append ending below {@code requiredOffset} is done, as Kafka's
     * {@code checkEnoughReplicasReachOffset}: empty while the high watermark is below it; NONE once it passed it with
     * enough replicas in sync, NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR fell below {@code min.insync.replicas}
     * meanwhile; NOT_LEADER_OR_FOLLOWER if this broker no longer leads the partition.
     */
    public Optional<Errors> acksAllOutcome(long requiredOffset) {
        if (!isLeader()) {
            return Optional.of(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        if (log.highWatermark() < requiredOffset) {
            return Optional.empty();
        }
        return Optional.of(effectiveMinIsr() <= maximalIsrSize() ? Errors.NONE : Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    }

    /**
     * Appends as leader. {@code acks=-1} first checks {@code min.insync.replicas} against the ISR, as Kafka does
     * before the append, so that a rejected batch is not in the log.
     */
    public AppendResult appendAsLeader(MemoryRecords records, short acks) {
        PartitionState s = state;
        if (s == null || s.leader() != localBrokerId) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of " + topic + "-" + index);
        }
        int minIsr = effectiveMinIsr();
        if (acks == -1 && s.isr().size() < minIsr) {
            throw new NotEnoughReplicasException("The size of the current ISR " + s.isr() + " is insufficient to satisfy "
                    + "the min.isr requirement of " + minIsr + " for partition " + topic + "-" + index);
        }
        AppendResult result = log.append(records, s.leaderEpoch());
        if (!maybeIncrementHighWatermark()) {
            // followers waiting at the old log end have records to fetch all the same
            wakeWaiters();
        }
        return result;
    }

    /**
     * DeleteRecords as leader: records below {@code offset} ({@code -1}: the high watermark) are no longer served.
     *
     * @return the low watermark afterwards
     * @throws PolicyViolationException  if the topic's cleanup.policy does not include delete
     * @throws OffsetOutOfRangeException if the offset is negative or above the high watermark
     */
    public long deleteRecordsBefore(long offset) {
        if (!isLeader()) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of " + topic + "-"
                    + index);
        }
        if (!config.deleteEnabled()) {
            throw new PolicyViolationException("Records of partition " + topic + "-" + index
                    + " can not be deleted due to the configured policy");
        }
        return log.deleteRecordsBefore(offset == HIGH_WATERMARK ? log.highWatermark() : offset);
    }

    /**
     * Runs {@code waiter} each time the high watermark, the log end or the leadership may have moved, until removed
     * (long-poll fetches, acks=all produces).
     */
    public void addHighWatermarkWaiter(Runnable waiter) {
        highWatermarkWaiters.add(waiter);
    }

    public void removeHighWatermarkWaiter(Runnable waiter) {
        highWatermarkWaiters.remove(waiter);
    }

    /**
     * Runs {@code change} while no high watermark is being computed: an ISR change counts its new members there
     * first, so that no computation that has not seen them moves the high watermark past their log end.
     */
    public synchronized void whileHighWatermarkHeld(Runnable change) {
        change.run();
    }

    /**
     * As leader: moves the high watermark up to what the ISR's log ends allow, never back, and not while the ISR is
     * below the effective {@code min.insync.replicas} (Kafka 4.x's {@code maybeIncrementLeaderHW}).
     */
    public boolean maybeIncrementHighWatermark() {
        // the waiters run outside the lock: they read other partitions, which take theirs
        boolean moved = incrementHighWatermark();
        if (moved) {
            wakeWaiters();
        }
        return moved;
    }

    private synchronized boolean incrementHighWatermark() {
        PartitionState s = state;
        if (s == null || s.leader() != localBrokerId || s.isr().size() < effectiveMinIsr() || !log.isOnline()) {
            return false;
        }
        long end = log.logEndOffset();
        FollowerProgress progress = followers;
        long limit = progress != null ? progress.highWatermarkLimit(end) : aloneInIsr(s) ? end : -1;
        long before = log.highWatermark();
        return limit > before && log.updateHighWatermark(limit) > before;
    }

    private int maximalIsrSize() {
        FollowerProgress progress = followers;
        PartitionState s = state;
        return progress != null ? progress.maximalIsrSize() : s == null ? 0 : s.isr().size();
    }

    private boolean aloneInIsr(PartitionState s) {
        return s.isr().size() == 1 && s.isr().get(0) == localBrokerId;
    }

    private void wakeWaiters() {
        for (Runnable waiter : highWatermarkWaiters) {
            waiter.run();
        }
    }
}

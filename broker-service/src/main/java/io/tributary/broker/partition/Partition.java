package io.tributary.broker.partition;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
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
 * Replication between brokers is not here yet: as leader with an ISR of itself, the high watermark follows the log
 * end offset; with a larger ISR it stays where followers would have to move it.
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
        advanceHighWatermarkIfAlone();
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
        advanceHighWatermarkIfAlone();
        return state != null && (previous == null || previous.leader() != state.leader()
                || previous.leaderEpoch() != state.leaderEpoch());
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
        int minIsr = Math.min(config.minInsyncReplicas(), replicas.size());
        if (acks == -1 && s.isr().size() < minIsr) {
            throw new NotEnoughReplicasException("The in-sync replicas of " + topic + "-" + index + " (" + s.isr()
                    + ") are fewer than min.insync.replicas=" + minIsr);
        }
        AppendResult result = log.append(records, s.leaderEpoch());
        advanceHighWatermarkIfAlone();
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

    /** Runs {@code waiter} each time the high watermark may have moved, until removed (long-poll fetches). */
    public void addHighWatermarkWaiter(Runnable waiter) {
        highWatermarkWaiters.add(waiter);
    }

    public void removeHighWatermarkWaiter(Runnable waiter) {
        highWatermarkWaiters.remove(waiter);
    }

    private void advanceHighWatermarkIfAlone() {
        PartitionState s = state;
        if (s != null && s.leader() == localBrokerId && s.isr().size() == 1 && s.isr().get(0) == localBrokerId) {
            log.updateHighWatermark(log.logEndOffset());
            for (Runnable waiter : highWatermarkWaiters) {
                waiter.run();
            }
        }
    }
}

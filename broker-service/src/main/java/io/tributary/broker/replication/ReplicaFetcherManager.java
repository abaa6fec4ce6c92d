package io.tributary.broker.replication;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.partition.LeadershipListener;
import io.tributary.broker.partition.Partition;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.PartitionState;

/**
 * The follower side of replication on one broker: one {@link ReplicaFetcherThread} per broker it follows partitions
 * of ({@code num.replica.fetchers} = 1), created when the first partition needs it and stopped with the last. It hears
 * of leadership changes from the partition manager: a follower fetches from its new leader (from no one while the
 * partition has no leader), a new leader stops fetching and marks where its epoch starts, a removed replica stops.
 *
 * <p>Catching up: a broker is caught up once every partition it has followed since it started has reached the
 * leader's high watermark as its first fetch answer gave it (or stopped being followed). Health reports DOWN until
 * then; it is not lost again later, when lag is the ISR's business.
 *
 * <p>Threads: the listener calls come from the metadata thread, in order per partition, and do not wait for the
 * network; {@link ReplicaFetcherThread#remove} waits at most for one partition's append.
 */
public final class ReplicaFetcherManager implements LeadershipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcherManager.class);

    private final int localBrokerId;
    private final long brokerEpoch;
    private final ReplicaFetcherConfig config;
    private final IntFunction<Optional<BrokerRegistration>> brokers;
    private final Clock clock;
    private final Map<Integer, ReplicaFetcherThread> fetchers = new HashMap<>();
    private final Map<TopicPartition, Integer> sources = new HashMap<>();
    private final Set<TopicPartition> catchingUp = ConcurrentHashMap.newKeySet();
    private volatile boolean caughtUp;
    private boolean closed;

    /**
     * @param brokerEpoch this broker's registration time, sent with every fetch so the leader can tell a restarted
     *                    replica from its earlier self (KIP-903)
     * @param brokers     the live brokers by id, for the leaders' addresses
     */
    public ReplicaFetcherManager(int localBrokerId, long brokerEpoch, ReplicaFetcherConfig config,
                                 IntFunction<Optional<BrokerRegistration>> brokers, Clock clock) {
        this.localBrokerId = localBrokerId;
        this.brokerEpoch = brokerEpoch;
        this.config = config;
        this.brokers = brokers;
        this.clock = clock;
    }

    @Override
    public synchronized void becameLeader(Partition partition, PartitionState state) {
        TopicPartition tp = tp(partition);
        stopFetching(tp);
        notFollowing(tp);
        try {
            partition.log().assignEpochStartOffset(state.leaderEpoch(), partition.log().logEndOffset());
        } catch (KafkaStorageException e) {
            LOG.error("Cannot record leader epoch {} of {}: {}", state.leaderEpoch(), tp, e.getMessage());
        }
    }

    @Override
    public synchronized void becameFollower(Partition partition, PartitionState state) {
        TopicPartition tp = tp(partition);
        boolean fetchable = state.leader() >= 0 && !closed && partition.log().isOnline();
        // the same leader at a new epoch keeps its fetcher thread: the partition's state is replaced there
        if (!fetchable || sources.getOrDefault(tp, -1) != state.leader()) {
            stopFetching(tp);
        }
        if (!fetchable) {
            if (state.leader() >= 0 && !partition.log().isOnline()) {
                LOG.warn("Not fetching {} from broker {}: its log directory is offline", tp, state.leader());
            }
            notFollowing(tp);
            return;
        }
        if (!caughtUp) {
            catchingUp.add(tp);
        }
        ReplicaFetcherThread fetcher = fetchers.computeIfAbsent(state.leader(), this::startFetcher);
        fetcher.add(tp, PartitionFetchState.initial(partition, state.leaderEpoch()));
        sources.put(tp, state.leader());
        LOG.info("Broker {} follows {} from leader {} at epoch {}, from offset {}", localBrokerId, tp, state.leader(),
                state.leaderEpoch(), partition.log().logEndOffset());
    }

    @Override
    public synchronized void removed(Partition partition) {
        TopicPartition tp = tp(partition);
        stopFetching(tp);
        notFollowing(tp);
    }

    /**
     * Whether every partition followed since the start has caught up once (see the class comment). Asked only once the
     * broker has started, so that the partitions announced at start are all counted before the answer can turn true.
     */
    public boolean isCaughtUp() {
        return caughtUp || updateCaughtUp();
    }

    /** Partitions still catching up after the start. */
    public Set<TopicPartition> catchingUp() {
        return Set.copyOf(catchingUp);
    }

    private ReplicaFetcherThread startFetcher(int sourceBrokerId) {
        ReplicaFetcherThread fetcher = new ReplicaFetcherThread(
                new LeaderEndpoint(sourceBrokerId, localBrokerId, brokers, config), localBrokerId, brokerEpoch, config,
                clock, this::notFollowing);
        fetcher.start();
        return fetcher;
    }

    private void stopFetching(TopicPartition tp) {
        Integer source = sources.remove(tp);
        if (source == null) {
            return;
        }
        ReplicaFetcherThread fetcher = fetchers.get(source);
        fetcher.remove(tp);
        if (fetcher.isEmpty()) {
            fetchers.remove(source);
            // shutting down joins the thread, which may be waiting for its leader: not on the metadata thread
            Thread stopper = new Thread(fetcher::shutdown, "stop-replica-fetcher-" + source);
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    private void notFollowing(TopicPartition tp) {
        catchingUp.remove(tp);
    }

    private boolean updateCaughtUp() {
        if (!caughtUp && catchingUp.isEmpty()) {
            caughtUp = true;
            LOG.info("Broker {} has caught up with the leaders of the partitions it follows", localBrokerId);
        }
        return caughtUp;
    }

    @Override
    public synchronized void close() {
        closed = true;
        fetchers.values().forEach(ReplicaFetcherThread::shutdown);
        fetchers.clear();
        sources.clear();
    }

    private static TopicPartition tp(Partition partition) {
        return new TopicPartition(partition.topic(), partition.index());
    }
}

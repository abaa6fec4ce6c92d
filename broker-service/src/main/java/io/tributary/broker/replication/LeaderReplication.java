package io.tributary.broker.replication;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.partition.LeadershipListener;
import io.tributary.broker.partition.Partition;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.PartitionState;

/**
 * The leader side of replication: a {@link LeaderTerm} for every partition this broker leads, begun afresh at each
 * leader epoch; ISR expansions as followers catch up, and a check every {@code replica.lag.time.max.ms / 2} that drops
 * the followers not caught up within {@code replica.lag.time.max.ms} (Kafka's {@code isr-expiration} task). Every ISR
 * write runs on the one ISR thread it is given, never on a request or metadata thread.
 */
public final class LeaderReplication implements LeadershipListener {

    private static final Logger log = LoggerFactory.getLogger(LeaderReplication.class);

    private final int localBrokerId;
    private final ClusterMetadata metadata;
    private final Clock clock;
    private final long maxLagMs;
    private final ScheduledExecutorService isrThread;
    private final Map<Partition, LeaderTerm> led = new ConcurrentHashMap<>();
    private final IsrWriter writer;
    private final Map<Partition, Boolean> expansionsQueued = new ConcurrentHashMap<>();

    /** @param isrThread a single thread, for the ISR writes and the lag checks */
    public LeaderReplication(int localBrokerId, ClusterMetadata metadata, Duration replicaLagTimeMax, Clock clock,
                             ScheduledExecutorService isrThread, MeterRegistry meters) {
        this.localBrokerId = localBrokerId;
        this.metadata = metadata;
        this.clock = clock;
        this.maxLagMs = replicaLagTimeMax.toMillis();
        this.isrThread = isrThread;
        ReplicationMetrics metrics = new ReplicationMetrics(meters, led::values);
        this.writer = new IsrWriter(metadata, localBrokerId, metrics.shrinks, metrics.expands);
    }

    /** Starts the lag checks. */
    public void start() {
        long period = Math.max(1, maxLagMs / 2);
        isrThread.scheduleWithFixedDelay(this::shrinkLaggingIsrs, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void becameLeader(Partition partition, PartitionState state) {
        LeaderTerm term = new LeaderTerm(partition, state, localBrokerId, clock, maxLagMs, this::liveBrokerEpoch,
                replicaId -> queueExpansion(partition, replicaId));
        led.put(partition, term);
        partition.installFollowerProgress(term);
        log.info("Leading {}-{} at leader epoch {} from offset {} with ISR {} of replicas {}", partition.topic(),
                partition.index(), state.leaderEpoch(), term.epochStartOffset(), state.isr(), partition.replicas());
    }

    @Override
    public void becameFollower(Partition partition, PartitionState state) {
        led.remove(partition);
    }

    @Override
    public void removed(Partition partition) {
        led.remove(partition);
    }

    /** Empty for a broker in controlled shutdown too: the controller takes it out of the ISRs, as Kafka's does. */
    private OptionalLong liveBrokerEpoch(int brokerId) {
        for (BrokerRegistration broker : metadata.liveBrokers()) {
            if (broker.id() == brokerId && !broker.shuttingDown()) {
                return OptionalLong.of(broker.startedAt());
            }
        }
        return OptionalLong.empty();
    }

    /** One queued expansion per partition at a time: a follower fetching in a loop must not flood the ISR thread. */
    private void queueExpansion(Partition partition, int replicaId) {
        if (expansionsQueued.putIfAbsent(partition, Boolean.TRUE) != null) {
            return;
        }
        try {
            isrThread.execute(() -> {
                expansionsQueued.remove(partition);
                LeaderTerm term = led.get(partition);
                if (term != null) {
                    guarded(() -> writer.maybeExpand(term, replicaId), partition);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            expansionsQueued.remove(partition);
        }
    }

    private void shrinkLaggingIsrs() {
        for (LeaderTerm term : led.values()) {
            guarded(() -> writer.maybeShrink(term), term.partition());
        }
    }

    private static void guarded(Runnable change, Partition partition) {
        try {
            change.run();
        } catch (RuntimeException e) {
            log.error("ISR update of {}-{} failed", partition.topic(), partition.index(), e);
        }
    }
}

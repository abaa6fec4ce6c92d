package io.tributary.metadata.controller;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.controller.LeaderRules.Decision;
import io.tributary.metadata.controller.PartitionStateStore.Change;
import io.tributary.metadata.controller.PartitionStateStore.Outcome;
import io.tributary.metadata.controller.PartitionStateStore.Versioned;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's partition duties, carried out while this process is the controller ({@link ControllerElection}):
 * <ul>
 * <li>Failover: whenever the live brokers change (a registration disappears, returns, or announces a controlled
 * shutdown) and whenever a topic changes, every partition is brought in line with {@link LeaderRules#reconcile}: new
 * leaders for partitions whose leader died or is shutting down, dead and shutting-down brokers out of the ISRs,
 * leaderless partitions back to a returning ISR member. On becoming controller it reconciles everything once, which
 * covers brokers that died while there was no controller.</li>
 * <li>Preferred leaders: with {@code auto.leader.rebalance.enable}, every
 * {@code leader.imbalance.check.interval.seconds} the partitions of each broker whose share led elsewhere exceeds
 * {@code leader.imbalance.per.broker.percentage} go back to it where it is alive and in the ISR (Kafka's rule).</li>
 * <li>ElectLeaders: PREFERRED and UNCLEAN elections on request ({@link #elect}).</li>
 * </ul>
 * All of it runs on one thread, so decisions never interleave. Decisions are made on states read from ZooKeeper with
 * their versions and written by {@link PartitionStateStore}; a write that meets a newer version is decided again on
 * what is then stored.
 *
 * <h2>Error handling</h2>
 * Resigning stops the work at once: every attempt starts by asking the election for its epoch, and every write checks
 * that epoch in ZooKeeper. When ZooKeeper is unreachable the pass fails and is logged; the next broker or topic change,
 * or winning the election again after reconnecting, starts a new full pass.
 */
public final class PartitionController implements ControllerListener, MetadataListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionController.class);
    /** A partition whose state keeps changing under us (ISR flapping) is left to the next pass after this many tries. */
    private static final int MAX_ATTEMPTS = 25;

    /** Kafka's ElectLeaders election types. */
    public enum ElectionType { PREFERRED, UNCLEAN }

    /** One partition's outcome under a rule: a change to write, or why there is none. */
    private record Verdict(ElectionResult result, Optional<Decision> decision) {

        static Verdict of(Optional<Decision> decision, ElectionResult without) {
            return new Verdict(decision.isPresent() ? ElectionResult.ELECTED : without, decision);
        }
    }

    @FunctionalInterface
    private interface Rule {
        Verdict decide(List<Integer> replicas, PartitionState state, Map<String, String> configs, BrokerStates brokers,
                       int controllerEpoch);
    }

    private final ClusterMetadata metadata;
    private final ControllerElection election;
    private final ControllerSettings settings;
    private final PartitionStateStore store;
    private final CachedPartitions cached;
    private final ExecutorService worker;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    private final LongAdder uncleanElections = new LongAdder();

    public PartitionController(CuratorFramework client, ClusterMetadata metadata, ControllerElection election,
                               ControllerSettings settings, int brokerId) {
        this.metadata = metadata;
        this.election = election;
        this.settings = settings;
        this.store = new PartitionStateStore(client, new ZkWriter(client), new MetadataJson(), election);
        this.cached = new CachedPartitions(metadata);
        this.worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "controller-" + brokerId));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "leader-imbalance-" + brokerId));
    }

    public void start() {
        metadata.addListener(this);
        election.addListener(this);
        if (settings.autoLeaderRebalance()) {
            long intervalMs = settings.imbalanceCheckInterval().toMillis();
            timer.scheduleWithFixedDelay(() -> submit(this::rebalance), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        }
        if (election.isController()) {
            requestReconcile();
        }
    }

    @Override
    public void becameController(int epoch) {
        requestReconcile();
    }

    @Override
    public void onBrokersChanged(List<BrokerRegistration> liveBrokers) {
        if (election.isController()) {
            requestReconcile();
        }
    }

    @Override
    public void onTopicChanged(TopicMetadata topic) {
        if (election.isController()) {
            requestReconcile();
        }
    }

    /**
     * Elects leaders as ElectLeaders asks, on the controller thread.
     *
     * @param partitions the partitions, or null for every partition of every topic
     * @return each partition's result, in the order asked (every partition's for null, in topic order)
     */
    public CompletableFuture<Map<PartitionId, ElectionResult>> elect(ElectionType type, Collection<PartitionId> partitions) {
        CompletableFuture<Map<PartitionId, ElectionResult>> result = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    Rule rule = type == ElectionType.PREFERRED ? PartitionController::preferredRule
                            : PartitionController::uncleanRule;
                    result.complete(partitions == null ? run(cached.all(), rule, true) : run(partitions, rule));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(new MetadataException(MetadataException.Reason.NOT_CONTROLLER,
                    "The controller is shutting down"));
        }
        return result;
    }

    /** Whether this process is the active controller. */
    public boolean isActive() {
        return election.isController();
    }

    /** Partitions without a live leader, as the active controller sees them (0 elsewhere, as in Kafka). */
    public long offlinePartitionCount() {
        return election.isController() ? cached.offline() : 0;
    }

    /** Partitions not led by their preferred replica, as the active controller sees them (0 elsewhere). */
    public long preferredReplicaImbalanceCount() {
        return election.isController() ? cached.notLedByPreferredReplica() : 0;
    }

    /** Unclean leader elections this process wrote as controller. */
    public long uncleanElectionCount() {
        return uncleanElections.sum();
    }

    private void requestReconcile() {
        if (reconcilePending.compareAndSet(false, true)) {
            submit(() -> {
                reconcilePending.set(false);
                reconcile();
            });
        }
    }

    private void submit(Runnable pass) {
        try {
            worker.execute(() -> {
                try {
                    pass.run();
                } catch (MetadataException e) {
                    log.warn("Controller pass stopped: {}", e.getMessage());
                } catch (RuntimeException e) {
                    // the next broker or topic change starts a new pass
                    log.error("Controller pass failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // closing: the next controller takes over
        }
    }

    private void reconcile() {
        if (!election.isController()) {
            return;
        }
        BrokerStates brokers = BrokerStates.of(metadata.liveBrokers());
        int epoch = election.epoch();
        List<PartitionId> candidates = new ArrayList<>();
        cached.forEach((id, replicas, state, configs) -> {
            if (reconcileRule(replicas, state, configs, brokers, epoch).decision().isPresent()) {
                candidates.add(id);
            }
        });
        if (!candidates.isEmpty()) {
            run(candidates, this::reconcileRule);
        }
    }

    private void rebalance() {
        if (!election.isController()) {
            return;
        }
        List<PartitionId> candidates = cached.imbalanced(settings.imbalancePerBrokerPercentage());
        if (!candidates.isEmpty()) {
            Map<PartitionId, ElectionResult> results = run(candidates, PartitionController::preferredRule);
            long moved = results.values().stream().filter(r -> r == ElectionResult.ELECTED).count();
            if (moved > 0) {
                log.info("Moved leadership of {} partitions back to their preferred replicas", moved);
            }
        }
    }

    private Verdict reconcileRule(List<Integer> replicas, PartitionState state, Map<String, String> configs,
                                  BrokerStates brokers, int epoch) {
        boolean unclean = settings.uncleanAllowed().test(configs);
        return Verdict.of(LeaderRules.reconcile(replicas, state, brokers, unclean, epoch), ElectionResult.NOT_NEEDED);
    }

    private static Verdict preferredRule(List<Integer> replicas, PartitionState state, Map<String, String> configs,
                                         BrokerStates brokers, int epoch) {
        if (LeaderRules.hasPreferredLeader(replicas, state)) {
            return new Verdict(ElectionResult.NOT_NEEDED, Optional.empty());
        }
        return Verdict.of(LeaderRules.preferred(replicas, state, brokers, epoch), ElectionResult.NOT_AVAILABLE);
    }

    private static Verdict uncleanRule(List<Integer> replicas, PartitionState state, Map<String, String> configs,
                                       BrokerStates brokers, int epoch) {
        if (LeaderRules.hasLiveLeader(state, brokers)) {
            return new Verdict(ElectionResult.NOT_NEEDED, Optional.empty());
        }
        return Verdict.of(LeaderRules.unclean(replicas, state, brokers, epoch), ElectionResult.NOT_AVAILABLE);
    }

    private Map<PartitionId, ElectionResult> run(Collection<PartitionId> partitions, Rule rule) {
        return run(partitions, rule, false);
    }

    /**
     * Decides and writes {@code partitions} under {@code rule}, deciding again those whose state changed under us.
     *
     * @param settleFromCache whether a partition whose cached state needs no election may be answered NOT_NEEDED from
     *                        the cache: for sweeps over every partition, where such answers are left out anyway
     */
    private Map<PartitionId, ElectionResult> run(Collection<PartitionId> partitions, Rule rule, boolean settleFromCache) {
        return ZkCalls.call("electing partition leaders", () -> {
            Map<PartitionId, ElectionResult> results = new LinkedHashMap<>();
            partitions.forEach(id -> results.put(id, ElectionResult.NOT_CONTROLLER));
            List<PartitionId> pending = new ArrayList<>(results.keySet());
            for (int attempt = 0; !pending.isEmpty() && attempt < MAX_ATTEMPTS; attempt++) {
                int epoch = election.epoch();
                if (epoch < 0) {
                    return results;
                }
                BrokerStates brokers = BrokerStates.of(metadata.liveBrokers());
                Map<String, TopicMetadata> topics = metadata.topics();
                List<Change> changes = new ArrayList<>();
                for (PartitionId id : pending) {
                    TopicMetadata topic = topics.get(id.topic());
                    List<Integer> replicas = topic == null ? null : topic.assignment().replicas().get(id.partition());
                    PartitionState cached = topic == null ? null : topic.partitions().get(id.partition());
                    if (settleFromCache && attempt == 0 && replicas != null && cached != null) {
                        // what the cache shows needing no election is left out without a ZooKeeper read
                        Verdict unchanged = rule.decide(replicas, cached, topic.assignment().configs(), brokers, epoch);
                        if (unchanged.result() == ElectionResult.NOT_NEEDED) {
                            results.put(id, unchanged.result());
                            continue;
                        }
                    }
                    Optional<Versioned> stored = replicas == null ? Optional.empty() : store.read(id);
                    if (stored.isEmpty()) {
                        results.put(id, ElectionResult.UNKNOWN_PARTITION);
                        continue;
                    }
                    Verdict verdict = rule.decide(replicas, stored.get().state(), topic.assignment().configs(), brokers,
                            epoch);
                    results.put(id, verdict.result());
                    verdict.decision().ifPresent(d -> changes.add(new Change(id, stored.get().version(), d.next(),
                            d.unclean())));
                }
                Outcome outcome = store.write(changes);
                outcome.written().forEach(this::logWritten);
                if (outcome.deposed()) {
                    log.warn("Stopped electing leaders: a newer controller has taken over");
                    changes.stream().filter(c -> !outcome.written().contains(c))
                            .forEach(c -> results.put(c.id(), ElectionResult.NOT_CONTROLLER));
                    return results;
                }
                pending = outcome.raced().stream().map(Change::id).toList();
            }
            if (!pending.isEmpty()) {
                log.warn("Gave up electing leaders for {} after {} attempts: their states kept changing", pending,
                        MAX_ATTEMPTS);
            }
            return results;
        });
    }

    private void logWritten(Change change) {
        PartitionState next = change.next();
        if (change.unclean()) {
            uncleanElections.increment();
            log.warn("Unclean leader election for {}: broker {} leads at epoch {} though it was not in the ISR; records "
                    + "only the previous ISR held may be lost", change.id(), next.leader(), next.leaderEpoch());
        } else {
            log.info("Partition {}: leader {} at epoch {}, ISR {}", change.id(), next.leader(), next.leaderEpoch(),
                    next.isr());
        }
    }

    @Override
    public void close() {
        election.removeListener(this);
        metadata.removeListener(this);
        timer.shutdownNow();
        worker.shutdownNow();
    }
}

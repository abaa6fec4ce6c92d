package io.tributary.coordinator.ownership;

import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.PartitionLoadListener;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.broker.CoordinatorRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which partitions of {@code __consumer_offsets} this coordinator owns, claims them in ZooKeeper, and loads
 * them into the group coordinator through a {@link PartitionLoadListener}.
 *
 * <p><b>Policy.</b> Every coordinator computes the same target from the live coordinator ids, sorted:
 * partition {@code p} belongs to {@code ids[p % n]} ({@link #targetPartitions}). A coordinator that is not (yet)
 * registered has no target. It claims each target partition with {@link ClusterMetadata#claimOffsetsPartition} (an
 * ephemeral {@code /coordinators/owners/{p}}, created only if absent, so there is exactly one owner at a time), and it
 * releases every partition that is no longer its target, after telling the listener. A partition still held by its
 * previous owner is not taken: the owner releases it when it sees the new target, or its node vanishes with its
 * session; either way the owners cache reports the change and the claim is tried again. Nothing polls.
 *
 * <p><b>Per partition</b> (listener calls are serialized by one lock, never concurrent, and come in this order):
 * <pre>
 *   (not owned) --claim ok--> loading(p) --replay ok--> loaded(p, records) --target moves / SUSPENDED / close--> unloaded(p)
 *                                 |  replay fails: retried after a back-off while still owned
 *                                 +--target moves / SUSPENDED / close before the replay ends--> unloaded(p)
 * </pre>
 * A replay that ends after its partition was unloaded is dropped: {@code loaded} never follows {@code unloaded}.
 *
 * <p><b>Lifecycle</b>: {@code LATENT --start()--> STARTED --close()--> CLOSED}, in an {@link AtomicReference}.
 *
 * <h2>Error handling</h2>
 * <ul>
 * <li>SUSPENDED or LOST: every owned partition is unloaded at once, on Curator's connection-state thread, not queued
 * behind a claim that waits for ZooKeeper (the listener hears {@code unloaded}), because
 * this coordinator may have lost its session, and another one may own those groups before it can tell. The owner
 * nodes are left alone: they either survive with the session or vanish with it.</li>
 * <li>RECONNECTED: the target is computed again and claimed. A node still held by the same session is claimed again at
 * once (and the partition replayed, since its state was dropped); a node of the previous session is waited for
 * until ZooKeeper expires that session and deletes it.</li>
 * <li>ZooKeeper unreachable during a claim or release ({@code MetadataException}): the whole reconciliation is retried
 * after {@link #RETRY_BACKOFF}.</li>
 * <li>A failed replay (brokers unreachable, topic not creatable yet) is retried after {@link #RETRY_BACKOFF} while
 * the partition is still owned; meanwhile its groups stay loading (COORDINATOR_LOAD_IN_PROGRESS).</li>
 * <li>An exception from the listener is logged; the state of the partition moves on as if it had succeeded.</li>
 * <li>A dead coordinator's partitions become free when its session ends (at once if it closed its client, after the
 * session timeout if it crashed); its registration goes at the same moment, so the survivors' targets grow.</li>
 * </ul>
 * Writes of a coordinator that lost a partition without noticing yet (its session expired while it was paused, say)
 * are fenced at the brokers: every write carries the epoch of the claim it was made under ({@link #epoch}), and the
 * partition's leader refuses an epoch older than the current owner's.
 */
public final class OffsetsPartitionOwnership implements AutoCloseable {

    public enum State { LATENT, STARTED, CLOSED }

    static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(OffsetsPartitionOwnership.class);

    private final ClusterMetadata metadata;
    private final CuratorFramework client;
    private final int coordinatorId;
    private final int partitionCount;
    private final PartitionReplay replay;
    private final PartitionLoadListener listener;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final ScheduledExecutorService events;
    private final ExecutorService loader;
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    private final MetadataListener metadataListener = new MetadataListener() {
        @Override
        public void onCoordinatorsChanged(List<CoordinatorRegistration> liveCoordinators) {
            requestReconcile();
        }

        @Override
        public void onOffsetsOwnersChanged(Map<Integer, Integer> owners) {
            requestReconcile();
        }
    };
    private final ConnectionStateListener connectionListener = (ignored, newState) -> connectionChanged(newState);

    /** Guards changes of {@link #owned} and {@link #connected} together with the listener call that reports them. */
    private final Object lock = new Object();
    /** Claimed partitions: changed under {@link #lock}, readable from anywhere. */
    private final Map<Integer, Owned> owned = new ConcurrentHashMap<>();
    private volatile boolean connected;
    private long claims;

    /** {@code claim}: this instance's count, to drop stale loads; {@code epoch}: the claim's epoch in ZooKeeper. */
    private record Owned(long claim, long epoch, boolean loaded) {
    }

    /**
     * @param client the client {@code metadata} uses; only its connection state is watched here
     */
    public OffsetsPartitionOwnership(ClusterMetadata metadata, CuratorFramework client, int coordinatorId,
                                     int partitionCount, PartitionReplay replay, PartitionLoadListener listener) {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partition count must be > 0, got " + partitionCount);
        }
        this.metadata = metadata;
        this.client = client;
        this.coordinatorId = coordinatorId;
        this.partitionCount = partitionCount;
        this.replay = replay;
        this.listener = listener;
        ScheduledThreadPoolExecutor eventThread = new ScheduledThreadPoolExecutor(1,
                r -> new Thread(r, "offsets-ownership-" + coordinatorId));
        eventThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.events = eventThread;
        this.loader = Executors.newSingleThreadExecutor(r -> new Thread(r, "offsets-loader-" + coordinatorId));
    }

    /** The partitions of {@code __consumer_offsets} that {@code coordinatorId} should own: {@code p} with {@code ids[p % n] == coordinatorId}. */
    public static Set<Integer> targetPartitions(List<Integer> liveIds, int coordinatorId, int partitionCount) {
        List<Integer> ids = new ArrayList<>(new TreeSet<>(liveIds));
        int index = ids.indexOf(coordinatorId);
        if (index < 0) {
            return Set.of();
        }
        Set<Integer> target = new TreeSet<>();
        for (int p = index; p < partitionCount; p += ids.size()) {
            target.add(p);
        }
        return Collections.unmodifiableSet(target);
    }

    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("OffsetsPartitionOwnership already started or closed");
        }
        connected = client.getZookeeperClient().isConnected();
        client.getConnectionStateListenable().addListener(connectionListener);
        metadata.addListener(metadataListener);
        requestReconcile();
    }

    public State state() {
        return state.get();
    }

    /** Claimed partitions, loading or loaded, sorted. */
    public Set<Integer> ownedPartitions() {
        return Collections.unmodifiableSet(new TreeSet<>(owned.keySet()));
    }

    /**
     * The epoch of this coordinator's claim on partition {@code p} (stamped on its writes), while it owns {@code p}.
     */
    public OptionalLong epoch(int p) {
        Owned claim = owned.get(p);
        return claim == null ? OptionalLong.empty() : OptionalLong.of(claim.epoch());
    }

    /** Claimed partitions whose replay has been handed to the listener, sorted. */
    public Set<Integer> loadedPartitions() {
        Set<Integer> loaded = new TreeSet<>();
        owned.forEach((p, o) -> {
            if (o.loaded()) {
                loaded.add(p);
            }
        });
        return Collections.unmodifiableSet(loaded);
    }

    private void connectionChanged(ConnectionState newState) {
        if (newState == ConnectionState.SUSPENDED || newState == ConnectionState.LOST) {
            synchronized (lock) {
                connected = false;
                unloadAll("ZooKeeper connection " + newState); // at once, not behind a claim that waits for ZooKeeper
            }
        } else if (newState.isConnected()) {
            synchronized (lock) {
                connected = true;
            }
            requestReconcile();
        }
    }

    private void requestReconcile() {
        if (reconcilePending.compareAndSet(false, true)) {
            submit(() -> {
                reconcilePending.set(false);
                reconcile();
            });
        }
    }

    /** Runs on the events thread. */
    private void reconcile() {
        if (state.get() != State.STARTED || !connected) {
            return;
        }
        try {
            List<Integer> ids = metadata.liveCoordinators().stream().map(CoordinatorRegistration::id).toList();
            Set<Integer> target = targetPartitions(ids, coordinatorId, partitionCount);
            Map<Integer, Integer> owners = metadata.offsetsPartitionOwners();
            for (Integer p : new TreeSet<>(owned.keySet())) {
                if (!target.contains(p)) {
                    synchronized (lock) {
                        unload(p, "its target moved");
                    }
                    metadata.releaseOffsetsPartition(p, coordinatorId);
                }
            }
            owners.forEach((p, owner) -> {
                if (owner == coordinatorId && !target.contains(p) && !owned.containsKey(p)) {
                    metadata.releaseOffsetsPartition(p, coordinatorId); // left over from before a reconnection
                }
            });
            for (int p : target) {
                if (!connected || state.get() != State.STARTED) {
                    return;
                }
                Integer owner = owners.get(p);
                if (owned.containsKey(p) || owner != null && owner != coordinatorId) {
                    continue; // owned already, or held by another coordinator until it lets go
                }
                OptionalLong epoch = metadata.claimOffsetsPartition(p, coordinatorId);
                if (epoch.isPresent()) {
                    synchronized (lock) {
                        if (connected && state.get() == State.STARTED && !owned.containsKey(p)) {
                            startLoading(p, epoch.getAsLong()); // else suspended meanwhile: renewed after RECONNECTED
                        }
                    }
                }
            }
        } catch (MetadataException e) {
            log.warn("Coordinator {} could not claim or release __consumer_offsets partitions, retrying in {} ms: {}",
                    coordinatorId, RETRY_BACKOFF.toMillis(), e.getMessage());
            schedule(this::requestReconcile, RETRY_BACKOFF);
        }
    }

    /** Called under {@link #lock}. */
    private void startLoading(int p, long epoch) {
        Owned claim = new Owned(++claims, epoch, false);
        owned.put(p, claim);
        log.info("Coordinator {} owns __consumer_offsets partition {} (epoch {}), loading it", coordinatorId, p, epoch);
        call(() -> listener.loading(p), "loading", p);
        submitLoad(p, claim.claim());
    }

    private void submitLoad(int p, long claim) {
        try {
            loader.execute(() -> load(p, claim));
        } catch (RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /** Runs on the loader thread. */
    private void load(int p, long claim) {
        if (!isCurrent(p, claim)) {
            return;
        }
        try {
            List<CoordinatorRecord> records = replay.replay(p);
            submit(() -> finishLoad(p, claim, records));
        } catch (RuntimeException e) {
            log.warn("Coordinator {} could not replay __consumer_offsets partition {}, retrying in {} ms: {}",
                    coordinatorId, p, RETRY_BACKOFF.toMillis(), e.toString());
            schedule(() -> submitLoad(p, claim), RETRY_BACKOFF);
        }
    }

    private void finishLoad(int p, long claim, List<CoordinatorRecord> records) {
        synchronized (lock) {
            if (!isCurrent(p, claim) || state.get() != State.STARTED) {
                return; // unloaded while replaying: the listener must not hear loaded after unloaded
            }
            owned.put(p, new Owned(claim, owned.get(p).epoch(), true));
            log.info("Coordinator {} loaded __consumer_offsets partition {}: {} records", coordinatorId, p,
                    records.size());
            call(() -> listener.loaded(p, records), "loaded", p);
        }
    }

    private boolean isCurrent(int p, long claim) {
        Owned current = owned.get(p);
        return current != null && current.claim() == claim;
    }

    /** Called under {@link #lock}. */
    private void unload(int p, String why) {
        if (owned.remove(p) != null) {
            log.info("Coordinator {} unloads __consumer_offsets partition {}: {}", coordinatorId, p, why);
            call(() -> listener.unloaded(p), "unloaded", p);
        }
    }

    private void unloadAll(String why) {
        for (Integer p : new TreeSet<>(owned.keySet())) {
            unload(p, why);
        }
    }

    private void call(Runnable callback, String what, int p) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("Partition load listener failed on {} of __consumer_offsets partition {}", what, p, e);
        }
    }

    private void submit(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            events.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /**
     * Unloads every partition (the listener hears {@code unloaded}), releases their nodes if ZooKeeper is reachable,
     * and stops. Does not close the Curator client or the {@link ClusterMetadata}.
     */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            return;
        }
        metadata.removeListener(metadataListener);
        client.getConnectionStateListenable().removeListener(connectionListener);
        Set<Integer> partitions;
        synchronized (lock) {
            partitions = new TreeSet<>(owned.keySet());
            unloadAll("the coordinator is closing");
        }
        submit(() -> {
            for (int p : partitions) {
                try {
                    if (connected) {
                        metadata.releaseOffsetsPartition(p, coordinatorId);
                    }
                } catch (RuntimeException e) {
                    log.debug("Could not release __consumer_offsets partition {}: {}", p, e.getMessage());
                    break; // the nodes die with the session
                }
            }
        });
        events.shutdown();
        loader.shutdownNow();
        try {
            if (!events.awaitTermination(10, TimeUnit.SECONDS)) {
                events.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.shutdownNow();
        }
    }
}

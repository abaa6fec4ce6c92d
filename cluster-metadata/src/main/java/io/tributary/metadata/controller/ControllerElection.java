package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the controller among the brokers: a Curator {@link LeaderLatch} on {@code /controller} whose participant id
 * is the broker id. Winning the latch is not enough: the winner first increments {@code /controller_epoch}
 * (compare-and-set) and only then is the controller, at that epoch. Controller writes carry a check of the epoch
 * node's version, so a deposed controller that has not yet noticed cannot change anything.
 *
 * <pre>
 *  LATENT --start()--> STARTED --close()--> CLOSED
 *                       |  latch won + epoch bumped  → controller
 *                       |  latch lost / SUSPENDED / LOST → not controller
 * </pre>
 *
 * <h2>Error handling</h2>
 * SUSPENDED or LOST means "not the controller" at once: {@link #isController()} turns false and listeners get
 * {@code resigned()}, because another broker may win the latch while this one cannot see ZooKeeper. On RECONNECTED
 * the latch re-enters the election; if it wins again, the epoch is incremented again, so work fenced by the old epoch
 * stays fenced. If the epoch cannot be written after the latch is won (ZooKeeper unreachable), this process does not
 * become controller; the next reconnection retries.
 */
public final class ControllerElection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerElection.class);

    private enum State { LATENT, STARTED, CLOSED }

    private record Epoch(int value, int zkVersion) {
    }

    private static final Epoch NONE = new Epoch(-1, -1);

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final MetadataJson json;
    private final int brokerId;
    private final LeaderLatch latch;
    private final ExecutorService events;
    private final List<ControllerListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final AtomicBoolean controller = new AtomicBoolean();
    private final ConnectionStateListener connectionListener = (c, newState) -> onConnectionState(newState);
    private volatile Epoch epoch = NONE;
    private volatile boolean connected = true;

    public ControllerElection(CuratorFramework client, ZkWriter writer, MetadataJson json, int brokerId) {
        this.client = client;
        this.writer = writer;
        this.json = json;
        this.brokerId = brokerId;
        this.latch = new LeaderLatch(client, ZkPaths.CONTROLLER, Integer.toString(brokerId));
        this.events = Executors.newSingleThreadExecutor(r -> new Thread(r, "controller-election-" + brokerId));
    }

    public void addListener(ControllerListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ControllerListener listener) {
        listeners.remove(listener);
    }

    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Controller election already started or closed");
        }
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                becomeController();
            }

            @Override
            public void notLeader() {
                resign("lost the controller latch");
            }
        }, events);
        client.getConnectionStateListenable().addListener(connectionListener);
        ZkCalls.run("joining the controller election", latch::start);
    }

    public boolean isController() {
        return connected && controller.get() && latch.hasLeadership() && state.get() == State.STARTED;
    }

    /** The controller epoch this process holds, or -1 when it is not the controller. */
    public int epoch() {
        return isController() ? epoch.value() : -1;
    }

    /** The broker id of the current controller (a ZooKeeper read), or -1 if there is none. */
    public int controllerId() {
        Participant leader = ZkCalls.call("reading the controller", latch::getLeader);
        return leader.isLeader() ? Integer.parseInt(leader.getId()) : -1;
    }

    /** A transaction step that fails unless this process still holds its epoch: put it first in controller writes. */
    CuratorOp epochCheck() throws Exception {
        Epoch held = epoch;
        if (!isController()) {
            throw new MetadataException(MetadataException.Reason.NOT_CONTROLLER,
                    "Broker " + brokerId + " is not the controller");
        }
        return client.transactionOp().check().withVersion(held.zkVersion()).forPath(ZkPaths.CONTROLLER_EPOCH);
    }

    private void becomeController() {
        if (!latch.hasLeadership() || state.get() != State.STARTED) {
            return;
        }
        try {
            Epoch won = ZkCalls.call("incrementing the controller epoch", this::incrementEpoch);
            if (!latch.hasLeadership()) {
                return;
            }
            epoch = won;
            controller.set(true);
            log.info("Broker {} is the controller at epoch {}", brokerId, won.value());
            listeners.forEach(l -> notify(() -> l.becameController(won.value())));
        } catch (MetadataException e) {
            log.error("Broker {} won the controller latch but could not increment the epoch: {}", brokerId,
                    e.getMessage());
        }
    }

    private Epoch incrementEpoch() throws Exception {
        while (true) {
            Stat stat = new Stat();
            try {
                int next = json.controllerEpoch(client.getData().storingStatIn(stat).forPath(ZkPaths.CONTROLLER_EPOCH)) + 1;
                Stat written = writer.setData("incrementing the controller epoch", ZkPaths.CONTROLLER_EPOCH,
                        json.controllerEpoch(next), stat.getVersion());
                return new Epoch(next, written.getVersion());
            } catch (KeeperException.BadVersionException raced) {
                continue;
            } catch (KeeperException.NoNodeException first) {
                try {
                    writer.create("writing the first controller epoch", ZkPaths.CONTROLLER_EPOCH,
                            json.controllerEpoch(1));
                    return new Epoch(1, 0);
                } catch (KeeperException.NodeExistsException raced) {
                    continue;
                }
            }
        }
    }

    private void onConnectionState(ConnectionState newState) {
        connected = newState.isConnected();
        if (!connected) {
            events.execute(() -> resign("ZooKeeper connection " + newState));
        }
    }

    private void resign(String why) {
        if (controller.getAndSet(false)) {
            log.info("Broker {} is no longer the controller (epoch {}): {}", brokerId, epoch.value(), why);
            listeners.forEach(l -> notify(l::resigned));
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("Controller listener failed", e);
        }
    }

    /** Idempotent: Curator's {@code LeaderLatch.close()} throws when called twice. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous != State.STARTED) {
            events.shutdown();
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        try {
            latch.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the controller latch of broker {} failed: {}", brokerId, e.getMessage());
        }
        events.execute(() -> resign("election closed"));
        events.shutdown();
    }
}

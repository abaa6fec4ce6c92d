package io.tributary.metadata.broker;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's node (a broker in {@code /brokers/ids/{id}}, a coordinator in {@code /coordinators/ids/{id}})
 * registered: an ephemeral node owned by our session.
 *
 * <p>An ephemeral node dies with its session. On RECONNECTED (same or new session) the registration is written again.
 * After a LOST session the server may still hold the old node until it expires the old session itself; that node is
 * ours, so we watch it and register again as soon as it goes. A node held by any other live session is another
 * process's: it keeps the id and this process logs the conflict, because two nodes must never share an id.
 */
public final class NodeRegistrar<T extends NodeRegistration> implements ConnectionStateListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistrar.class);
    private static final long REGISTERED = 0;

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final Kind<T> kind;
    private final ExecutorService reRegistration;
    private volatile T registration;
    private volatile long registeredSession;

    /**
     * How one kind of node is stored.
     *
     * @param noun      "broker", "coordinator": used in log lines
     * @param idName    the setting that holds the id, used in the refusal ("broker.id")
     * @param idInUse   the reason of the refusal when another live session holds the id
     * @param path      the ephemeral node of an id
     * @param value     the JSON value of a registration
     */
    public record Kind<T>(String noun, String idName, MetadataException.Reason idInUse, IntFunction<String> path,
                          Function<T, byte[]> value) {
    }

    public NodeRegistrar(CuratorFramework client, ZkWriter writer, Kind<T> kind) {
        this.client = client;
        this.writer = writer;
        this.kind = kind;
        this.reRegistration = Executors.newSingleThreadExecutor(r -> new Thread(r, kind.noun() + "-registrar"));
        client.getConnectionStateListenable().addListener(this);
    }

    /** @throws MetadataException {@link Kind#idInUse()} if another live session holds the id */
    public void register(T node) {
        long owner = ZkCalls.call("registering " + kind.noun() + " " + node.id(), () -> write(node));
        if (owner != REGISTERED) {
            throw new MetadataException(kind.idInUse(),
                    kind.idName() + " " + node.id() + " is already registered by a live " + kind.noun());
        }
        registration = node;
        log.info("Registered {} {} at {}", kind.noun(), node.id(),
                node.endpoints().isEmpty() ? node.host() + ":" + node.port() : node.endpoints());
    }

    /** @return {@link #REGISTERED}, or the session id that holds the node */
    private long write(T node) throws Exception {
        String path = kind.path().apply(node.id());
        byte[] value = kind.value().apply(node);
        String action = "registering " + kind.noun() + " " + node.id();
        while (true) {
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            try {
                writer.createWithParents(action, path, value, CreateMode.EPHEMERAL);
                registeredSession = session;
                return REGISTERED;
            } catch (KeeperException.NodeExistsException exists) {
                Stat stat = new Stat();
                try {
                    client.getData().storingStatIn(stat).forPath(path);
                    if (stat.getEphemeralOwner() != session) {
                        return stat.getEphemeralOwner();
                    }
                    writer.setData(action, path, value, stat.getVersion());
                    registeredSession = session;
                    return REGISTERED;
                } catch (KeeperException.NoNodeException | KeeperException.BadVersionException raced) {
                    // the other session ended or re-registered in between: decide again
                }
            }
        }
    }

    @Override
    public void stateChanged(CuratorFramework ignored, ConnectionState newState) {
        if (newState == ConnectionState.RECONNECTED && registration != null) {
            submitReRegistration();
        }
    }

    private void submitReRegistration() {
        if (!reRegistration.isShutdown()) {
            reRegistration.execute(this::reRegister);
        }
    }

    private void reRegister() {
        T node = registration;
        long previousSession = registeredSession;
        try {
            long owner = ZkCalls.call("re-registering " + kind.noun() + " " + node.id(), () -> write(node));
            if (owner == REGISTERED) {
                log.info("{} {} registered again after reconnecting to ZooKeeper", capitalized(), node.id());
            } else if (owner == previousSession) {
                awaitExpiry(node);
            } else {
                log.error("{} {} cannot register again: {} {} is now registered by another live {}",
                        capitalized(), node.id(), kind.idName(), node.id(), kind.noun());
            }
        } catch (MetadataException e) {
            log.error("{} {} could not register again after reconnecting: {}", capitalized(), node.id(),
                    e.getMessage());
        }
    }

    private void awaitExpiry(T node) {
        log.info("{} {} waits for ZooKeeper to expire its previous session before registering again", capitalized(),
                node.id());
        Watcher retry = event -> submitReRegistration();
        Stat stat = ZkCalls.call("watching " + kind.noun() + " " + node.id(),
                () -> client.checkExists().usingWatcher(retry).forPath(kind.path().apply(node.id())));
        if (stat == null) {
            submitReRegistration();
        }
    }

    private String capitalized() {
        return Character.toUpperCase(kind.noun().charAt(0)) + kind.noun().substring(1);
    }

    @Override
    public void close() {
        client.getConnectionStateListenable().removeListener(this);
        reRegistration.shutdownNow();
    }
}

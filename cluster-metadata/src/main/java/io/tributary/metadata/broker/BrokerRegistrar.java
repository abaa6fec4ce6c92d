package io.tributary.metadata.broker;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Keeps this process's broker registered: an ephemeral {@code /brokers/ids/{id}} owned by our session.
 *
 * <p>An ephemeral node dies with its session. On RECONNECTED (same or new session) the registration is written again.
 * After a LOST session the server may still hold the old node until it expires the old session itself; that node is
 * ours, so we watch it and register again as soon as it goes. A node held by any other live session is another
 * broker's: it keeps the id and this broker logs the conflict, because two brokers must never share an id.
 */
public final class BrokerRegistrar implements ConnectionStateListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistrar.class);
    private static final long REGISTERED = 0;

    private final CuratorFramework client;
    private final MetadataJson json;
    private final ExecutorService reRegistration;
    private volatile BrokerRegistration registration;
    private volatile long registeredSession;

    public BrokerRegistrar(CuratorFramework client, MetadataJson json) {
        this.client = client;
        this.json = json;
        this.reRegistration = Executors.newSingleThreadExecutor(r -> new Thread(r, "broker-registrar"));
        client.getConnectionStateListenable().addListener(this);
    }

    /** @throws MetadataException {@code BROKER_ID_IN_USE} if another live session holds the id */
    public void register(BrokerRegistration broker) {
        long owner = ZkCalls.call("registering broker " + broker.id(), () -> write(broker));
        if (owner != REGISTERED) {
            throw new MetadataException(MetadataException.Reason.BROKER_ID_IN_USE,
                    "broker.id " + broker.id() + " is already registered by a live broker");
        }
        registration = broker;
        log.info("Registered broker {} at {}:{}", broker.id(), broker.host(), broker.port());
    }

    /** @return {@link #REGISTERED}, or the session id that holds the node */
    private long write(BrokerRegistration broker) throws Exception {
        String path = ZkPaths.broker(broker.id());
        byte[] value = json.broker(broker);
        while (true) {
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, value);
                registeredSession = session;
                return REGISTERED;
            } catch (KeeperException.NodeExistsException exists) {
                Stat stat = new Stat();
                try {
                    client.getData().storingStatIn(stat).forPath(path);
                    if (stat.getEphemeralOwner() != session) {
                        return stat.getEphemeralOwner();
                    }
                    client.setData().withVersion(stat.getVersion()).forPath(path, value);
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
        BrokerRegistration broker = registration;
        long previousSession = registeredSession;
        try {
            long owner = ZkCalls.call("re-registering broker " + broker.id(), () -> write(broker));
            if (owner == REGISTERED) {
                log.info("Broker {} registered again after reconnecting to ZooKeeper", broker.id());
            } else if (owner == previousSession) {
                awaitExpiry(broker);
            } else {
                log.error("Broker {} cannot register again: broker.id {} is now registered by another live broker",
                        broker.id(), broker.id());
            }
        } catch (MetadataException e) {
            log.error("Broker {} could not register again after reconnecting: {}", broker.id(), e.getMessage());
        }
    }

    private void awaitExpiry(BrokerRegistration broker) {
        log.info("Broker {} waits for ZooKeeper to expire its previous session before registering again", broker.id());
        Watcher retry = event -> submitReRegistration();
        Stat stat = ZkCalls.call("watching broker " + broker.id(),
                () -> client.checkExists().usingWatcher(retry).forPath(ZkPaths.broker(broker.id())));
        if (stat == null) {
            submitReRegistration();
        }
    }

    @Override
    public void close() {
        client.getConnectionStateListenable().removeListener(this);
        reRegistration.shutdownNow();
    }
}

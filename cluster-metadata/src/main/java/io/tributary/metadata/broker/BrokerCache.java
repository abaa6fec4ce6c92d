package io.tributary.metadata.broker;

import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.zk.CacheSignal;
import io.tributary.metadata.zk.CacheStart;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkPaths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live brokers, from a {@link CuratorCache} on {@code /brokers/ids}. */
public final class BrokerCache implements CuratorCacheListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerCache.class);

    private final CuratorCache cache;
    private final MetadataJson json;
    private final MetadataListener listener;
    private final CacheSignal signal = new CacheSignal();
    private final ConcurrentSkipListMap<Integer, BrokerRegistration> brokers = new ConcurrentSkipListMap<>();
    private volatile boolean initialized;

    public BrokerCache(CuratorFramework client, MetadataJson json, MetadataListener listener) {
        this.cache = CuratorCache.build(client, ZkPaths.BROKER_IDS);
        this.json = json;
        this.listener = listener;
        cache.listenable().addListener(this);
    }

    public void start(Duration timeout) {
        CacheStart.startAndAwait(cache, ZkPaths.BROKER_IDS, timeout);
    }

    public List<BrokerRegistration> liveBrokers() {
        return List.copyOf(brokers.values());
    }

    public boolean awaitRegistered(BrokerRegistration registration, Duration timeout) {
        return signal.await(() -> registration.equals(brokers.get(registration.id())), timeout);
    }

    @Override
    public void event(Type type, ChildData oldData, ChildData data) {
        String path = (data != null ? data : oldData).getPath();
        if (!path.startsWith(ZkPaths.BROKER_IDS + "/")) {
            return;
        }
        int id;
        try {
            id = Integer.parseInt(ZkPaths.nodeName(path));
        } catch (NumberFormatException notABroker) {
            return;
        }
        if (type == Type.NODE_DELETED) {
            brokers.remove(id);
            log.info("Broker {} left", id);
        } else {
            try {
                brokers.put(id, json.broker(id, data.getData()));
            } catch (RuntimeException e) {
                log.warn("Ignoring the registration of broker {}: {}", id, e.getMessage());
                return;
            }
        }
        signal.changed();
        if (initialized) {
            listener.onBrokersChanged(liveBrokers());
        }
    }

    @Override
    public void initialized() {
        initialized = true;
        signal.changed();
    }

    @Override
    public void close() {
        cache.close();
    }
}

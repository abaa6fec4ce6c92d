package io.tributary.metadata.coordinator;

import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.zk.CacheSignal;
import io.tributary.metadata.zk.CacheStart;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkPaths;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live coordinators ({@code /coordinators/ids/{id}}) and the owners of the {@code __consumer_offsets} partitions
 * ({@code /coordinators/owners/{p}}), from one {@link CuratorCache} on {@code /coordinators}. A node whose name or
 * value cannot be read is ignored with a warning.
 */
public final class CoordinatorCache implements CuratorCacheListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorCache.class);

    private final CuratorCache cache;
    private final MetadataJson json;
    private final MetadataListener listener;
    private final CacheSignal signal = new CacheSignal();
    private final ConcurrentSkipListMap<Integer, CoordinatorRegistration> coordinators = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Integer, OffsetsPartitionOwner> owners = new ConcurrentSkipListMap<>();
    private volatile boolean initialized;

    public CoordinatorCache(CuratorFramework client, MetadataJson json, MetadataListener listener) {
        this.cache = CuratorCache.build(client, ZkPaths.COORDINATORS);
        this.json = json;
        this.listener = listener;
        cache.listenable().addListener(this);
    }

    public void start(Duration timeout) {
        CacheStart.startAndAwait(cache, ZkPaths.COORDINATORS, timeout);
    }

    /** Sorted by id. */
    public List<CoordinatorRegistration> liveCoordinators() {
        return List.copyOf(coordinators.values());
    }

    /** Partition → coordinator id, sorted by partition; partitions without an owner are absent. */
    public Map<Integer, Integer> offsetsPartitionOwners() {
        Map<Integer, Integer> ids = new TreeMap<>();
        owners.forEach((partition, owner) -> ids.put(partition, owner.coordinatorId()));
        return Collections.unmodifiableMap(ids);
    }

    /** The owner of {@code partition} and the epoch of its claim, as this cache last saw them. */
    public Optional<OffsetsPartitionOwner> offsetsPartitionOwner(int partition) {
        return Optional.ofNullable(owners.get(partition));
    }

    public boolean awaitRegistered(CoordinatorRegistration registration, Duration timeout) {
        return signal.await(() -> registration.equals(coordinators.get(registration.id())), timeout);
    }

    /** Waits until {@code coordinatorId} owns {@code partition}. */
    public boolean awaitOwner(int partition, int coordinatorId, Duration timeout) {
        return signal.await(() -> ownerId(partition) == coordinatorId, timeout);
    }

    /** Waits until {@code coordinatorId} no longer owns {@code partition}. */
    public boolean awaitNotOwner(int partition, int coordinatorId, Duration timeout) {
        return signal.await(() -> ownerId(partition) != coordinatorId, timeout);
    }

    private int ownerId(int partition) {
        OffsetsPartitionOwner owner = owners.get(partition);
        return owner == null ? -1 : owner.coordinatorId();
    }

    @Override
    public void event(Type type, ChildData oldData, ChildData data) {
        String path = (data != null ? data : oldData).getPath();
        if (path.startsWith(ZkPaths.COORDINATOR_IDS + "/")) {
            coordinatorEvent(type, path, data);
        } else if (path.startsWith(ZkPaths.OFFSETS_PARTITION_OWNERS + "/")) {
            ownerEvent(type, path, data);
        }
    }

    private void coordinatorEvent(Type type, String path, ChildData data) {
        Integer id = number(path);
        if (id == null) {
            return;
        }
        if (type == Type.NODE_DELETED) {
            coordinators.remove(id);
            log.info("Coordinator {} left", id);
        } else {
            try {
                coordinators.put(id, json.coordinator(id, data.getData()));
            } catch (RuntimeException e) {
                log.warn("Ignoring the registration of coordinator {}: {}", id, e.getMessage());
                return;
            }
        }
        signal.changed();
        if (initialized) {
            listener.onCoordinatorsChanged(liveCoordinators());
        }
    }

    private void ownerEvent(Type type, String path, ChildData data) {
        Integer partition = number(path);
        if (partition == null) {
            return;
        }
        if (type == Type.NODE_DELETED) {
            owners.remove(partition);
        } else {
            try {
                owners.put(partition, new OffsetsPartitionOwner(json.offsetsPartitionOwner(data.getData()),
                        data.getStat().getCzxid()));
            } catch (RuntimeException e) {
                log.warn("Ignoring the owner of __consumer_offsets partition {}: {}", partition, e.getMessage());
                return;
            }
        }
        signal.changed();
        if (initialized) {
            listener.onOffsetsOwnersChanged(offsetsPartitionOwners());
        }
    }

    private static Integer number(String path) {
        try {
            return Integer.parseInt(ZkPaths.nodeName(path));
        } catch (NumberFormatException notANumber) {
            return null;
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

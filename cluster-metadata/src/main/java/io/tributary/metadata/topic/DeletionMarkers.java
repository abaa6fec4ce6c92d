package io.tributary.metadata.topic;

import io.tributary.metadata.zk.CacheStart;
import io.tributary.metadata.zk.ZkPaths;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;

/** The topics waiting for the controller to delete them, from a {@link CuratorCache} on {@code /admin/delete_topics}. */
public final class DeletionMarkers implements AutoCloseable {

    private final CuratorCache cache;

    public DeletionMarkers(CuratorFramework client) {
        this.cache = CuratorCache.build(client, ZkPaths.DELETE_TOPICS);
    }

    public void start(Duration timeout) {
        CacheStart.startAndAwait(cache, ZkPaths.DELETE_TOPICS, timeout);
    }

    public Set<String> topics() {
        return cache.stream()
                .map(node -> node.getPath())
                .filter(path -> path.startsWith(ZkPaths.DELETE_TOPICS + "/"))
                .map(ZkPaths::nodeName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public void close() {
        cache.close();
    }
}

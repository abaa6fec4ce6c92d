package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.zk.CacheStart;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's share of topic deletion: watches {@code /admin/delete_topics} and, while this process is the
 * controller, deletes each marked topic with a {@link TopicDeleter}. On becoming controller it takes up every marker
 * already present, which also covers deletions a previous controller left unfinished. Deletions run on one worker
 * thread, never on the cache thread, because they make blocking ZooKeeper calls.
 */
public final class TopicDeletionExecutor implements ControllerListener, CuratorCacheListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicDeletionExecutor.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final CuratorCache markers;
    private final ControllerElection election;
    private final TopicDeleter deleter;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "topic-deletion"));

    public TopicDeletionExecutor(CuratorFramework client, ControllerElection election) {
        this.markers = CuratorCache.build(client, ZkPaths.DELETE_TOPICS);
        this.election = election;
        this.deleter = new TopicDeleter(client, new ZkWriter(client), new MetadataJson(), election);
        markers.listenable().addListener(this);
    }

    public void start() {
        CacheStart.startAndAwait(markers, ZkPaths.DELETE_TOPICS, START_TIMEOUT);
        election.addListener(this);
        if (election.isController()) {
            deletePending();
        }
    }

    @Override
    public void becameController(int epoch) {
        deletePending();
    }

    @Override
    public void event(Type type, ChildData oldData, ChildData data) {
        if (type == Type.NODE_CREATED && isMarker(data.getPath()) && election.isController()) {
            submit(ZkPaths.nodeName(data.getPath()));
        }
    }

    private void deletePending() {
        markers.stream().map(ChildData::getPath).filter(TopicDeletionExecutor::isMarker)
                .forEach(path -> submit(ZkPaths.nodeName(path)));
    }

    private static boolean isMarker(String path) {
        return path.startsWith(ZkPaths.DELETE_TOPICS + "/");
    }

    private void submit(String topic) {
        if (worker.isShutdown()) {
            return;
        }
        worker.execute(() -> {
            try {
                deleter.delete(topic);
            } catch (MetadataException e) {
                // the marker stays: the next controller (or this one after reconnecting) takes it up again
                log.error("Deleting topic {} failed: {}", topic, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        election.removeListener(this);
        markers.close();
        worker.shutdownNow();
    }
}

package io.tributary.metadata.topic;

import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.zk.CacheSignal;
import io.tributary.metadata.zk.CacheStart;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkPaths.TopicPath;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topics with their partition states, from one {@link CuratorCache} on {@code /topics}. Each event on a topic node
 * or a state node rebuilds that topic's {@link TopicMetadata}; listeners hear of it only if it changed.
 *
 * <p>State nodes disappear only while a whole topic is deleted, so their deletions are ignored: the topic stays as it
 * was until its own node goes, and listeners see one {@code onTopicDeleted} instead of a shrinking topic.
 */
public final class TopicCache implements CuratorCacheListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicCache.class);

    private final CuratorCache cache;
    private final MetadataJson json;
    private final MetadataListener listener;
    private final CacheSignal signal = new CacheSignal();
    private final Map<String, Cached> topics = new ConcurrentHashMap<>();
    private volatile boolean initialized;

    public TopicCache(CuratorFramework client, MetadataJson json, MetadataListener listener) {
        this.cache = CuratorCache.build(client, ZkPaths.TOPICS);
        this.json = json;
        this.listener = listener;
        cache.listenable().addListener(this);
    }

    public void start(Duration timeout) {
        CacheStart.startAndAwait(cache, ZkPaths.TOPICS, timeout);
    }

    /** A topic with the zxid of the last change of its node, which tells a writer whether its write has arrived. */
    private record Cached(TopicMetadata topic, long zxid) {

        boolean isComplete() {
            return topic.partitions().keySet().containsAll(topic.assignment().replicas().keySet());
        }
    }

    public Map<String, TopicMetadata> topics() {
        Map<String, TopicMetadata> snapshot = new TreeMap<>();
        topics.forEach((name, cached) -> snapshot.put(name, cached.topic()));
        return Collections.unmodifiableMap(snapshot);
    }

    public Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(topics.get(name)).map(Cached::topic);
    }

    /** Waits until this cache holds the topic with this id and the state of every partition, and returns it. */
    public Optional<TopicMetadata> awaitCreated(String name, String topicId, Duration timeout) {
        return awaitComplete(name, cached -> cached.topic().topicId().equals(topicId), timeout);
    }

    /**
     * Waits until this cache has seen the topic node as of the ZooKeeper transaction {@code zxid} or later, with the
     * state of every partition, and returns what it then holds (possibly newer than that write).
     */
    public Optional<TopicMetadata> awaitWrite(String name, long zxid, Duration timeout) {
        return awaitComplete(name, cached -> cached.zxid() >= zxid, timeout);
    }

    private Optional<TopicMetadata> awaitComplete(String name, Predicate<Cached> condition, Duration timeout) {
        signal.await(() -> {
            Cached cached = topics.get(name);
            return cached != null && cached.isComplete() && condition.test(cached);
        }, timeout);
        return topic(name);
    }

    /** Waits until this cache no longer holds the topic with this id. */
    public boolean awaitAbsent(String name, String topicId, Duration timeout) {
        return signal.await(() -> {
            Cached cached = topics.get(name);
            return cached == null || !cached.topic().topicId().equals(topicId);
        }, timeout);
    }

    @Override
    public void event(Type type, ChildData oldData, ChildData data) {
        String path = (data != null ? data : oldData).getPath();
        Optional<TopicPath> topicPath = TopicPath.parse(path);
        if (topicPath.isEmpty()) {
            return;
        }
        String name = topicPath.get().topic();
        if (type == Type.NODE_DELETED) {
            if (topicPath.get().isTopicNode() && topics.remove(name) != null) {
                signal.changed();
                if (initialized) {
                    listener.onTopicDeleted(name);
                }
            }
            return;
        }
        rebuild(name);
    }

    private void rebuild(String name) {
        Optional<ChildData> topicNode = cache.get(ZkPaths.topic(name));
        if (topicNode.isEmpty()) {
            return;
        }
        Cached rebuilt;
        try {
            TopicAssignment assignment = json.topic(topicNode.get().getData());
            Map<Integer, PartitionState> states = new TreeMap<>();
            for (int p : assignment.replicas().keySet()) {
                cache.get(ZkPaths.partitionState(name, p))
                        .ifPresent(state -> states.put(p, json.partitionState(state.getData())));
            }
            rebuilt = new Cached(new TopicMetadata(name, assignment, states), topicNode.get().getStat().getMzxid());
        } catch (RuntimeException e) {
            log.warn("Ignoring unreadable metadata of topic {}: {}", name, e.getMessage());
            return;
        }
        Cached previous = topics.put(name, rebuilt);
        signal.changed();
        if (initialized && (previous == null || !rebuilt.topic().equals(previous.topic()))) {
            listener.onTopicChanged(rebuilt.topic());
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

package io.tributary.metadata.topic;

import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.zk.CacheSignal;
import io.tributary.metadata.zk.CacheStart;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkPaths.TopicPath;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
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
 * Topics with their partition states, from one {@link CuratorCache} on {@code /topics}; listeners hear of a topic only
 * if it changed.
 *
 * <p>A topic of {@code n} partitions arrives as one event for its node and {@code n} for its state nodes. Rebuilding
 * the whole topic on each would cost {@code n²} (a 10,000-partition topic: 10⁸ state reads, and as many listener
 * calls). So the cache thread keeps each topic's states as they come, and publishes a new {@link TopicMetadata} on an
 * event of the topic node, or on a state event that changes a topic which has the state of every partition it lists
 * (or which completes it): creating or growing a topic publishes it twice, not {@code n} times.
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
    /** What the cache thread has seen of each topic; touched only on that thread. */
    private final Map<String, Arriving> arriving = new HashMap<>();
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
            return topic.partitions().size() == topic.assignment().partitionCount();
        }
    }

    /**
     * The last topic node seen (null until it arrives) and every state seen since, of partitions beyond its count too,
     * with how many of them the topic lists: completeness is checked on every state event, so it must not cost a scan.
     */
    private static final class Arriving {

        private TopicAssignment assignment;
        private long zxid;
        private final TreeMap<Integer, PartitionState> states = new TreeMap<>();
        private int listedStates;

        void assignment(TopicAssignment next, long nextZxid) {
            if (assignment != null && !assignment.topicId().equals(next.topicId())) {
                states.clear();
            }
            assignment = next;
            zxid = nextZxid;
            listedStates = listed().size();
        }

        /** @return whether the state changed */
        boolean state(int partition, PartitionState state) {
            PartitionState previous = states.put(partition, state);
            if (previous == null && assignment != null && partition >= 0 && partition < assignment.partitionCount()) {
                listedStates++;
            }
            return !state.equals(previous);
        }

        boolean lists(int partition) {
            return assignment != null && partition >= 0 && partition < assignment.partitionCount();
        }

        boolean isComplete() {
            return assignment != null && listedStates == assignment.partitionCount();
        }

        Cached snapshot(String name) {
            return new Cached(new TopicMetadata(name, assignment, listed()), zxid);
        }

        private SortedMap<Integer, PartitionState> listed() {
            return states.subMap(0, assignment.partitionCount());
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
            if (topicPath.get().isTopicNode()) {
                arriving.remove(name);
                if (topics.remove(name) != null) {
                    signal.changed();
                    if (initialized) {
                        listener.onTopicDeleted(name);
                    }
                }
            }
            return;
        }
        try {
            if (topicPath.get().isTopicNode()) {
                topicNode(name, data);
            } else {
                stateNode(name, topicPath.get().partition(), data);
            }
        } catch (RuntimeException e) {
            log.warn("Ignoring unreadable metadata of topic {}: {}", name, e.getMessage());
        }
    }

    private void topicNode(String name, ChildData data) {
        TopicAssignment assignment = json.topic(data.getData());
        Arriving topic = arriving.computeIfAbsent(name, n -> new Arriving());
        topic.assignment(assignment, data.getStat().getMzxid());
        if (!topic.isComplete()) {
            // states read before this node arrived, e.g. while the cache loads
            for (int p = 0; p < assignment.partitionCount(); p++) {
                if (!topic.states.containsKey(p)) {
                    int partition = p;
                    cache.get(ZkPaths.partitionState(name, p))
                            .ifPresent(state -> topic.state(partition, json.partitionState(state.getData())));
                }
            }
        }
        publish(name, topic);
    }

    private void stateNode(String name, int partition, ChildData data) {
        Arriving topic = arriving.computeIfAbsent(name, n -> new Arriving());
        if (topic.state(partition, json.partitionState(data.getData())) && topic.lists(partition)
                && topic.isComplete()) {
            publish(name, topic);
        }
    }

    private void publish(String name, Arriving topic) {
        Cached rebuilt = topic.snapshot(name);
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

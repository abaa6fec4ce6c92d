package io.tributary.metadata.topic;

import static io.tributary.metadata.MetadataException.Reason.INVALID_REQUEST;
import static io.tributary.metadata.MetadataException.Reason.TIMED_OUT;
import static io.tributary.metadata.MetadataException.Reason.TOPIC_ALREADY_EXISTS;
import static io.tributary.metadata.MetadataException.Reason.UNKNOWN_TOPIC;

import io.tributary.metadata.KafkaUuid;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.TransactionOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and changes topics. A topic node and its partition states are always written in one ZooKeeper transaction,
 * and every change to an existing node is a compare-and-set on its znode version, retried on BadVersion with the
 * rules applied again to what is now stored: two admins growing a topic at once cannot lose partitions.
 *
 * <p>After a write, the call waits (briefly) until this process's cache shows it, so {@code topics()} right after
 * returns what was written.
 *
 * <p>Sizes are bounded before anything is built: at most {@link TopicRules#MAX_PARTITIONS_PER_REQUEST} new partitions
 * per call, and every transaction must fit one ZooKeeper request ({@link ZkWriter}), also with {@code validateOnly}.
 * A topic grows only while the transaction that will delete it still fits, so no topic becomes undeletable.
 */
public final class TopicAdministrator {

    private static final Logger log = LoggerFactory.getLogger(TopicAdministrator.class);
    private static final Duration CACHE_CATCH_UP = Duration.ofSeconds(10);

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final MetadataJson json;
    private final TopicCache cache;
    private final Supplier<List<Integer>> liveBrokerIds;
    private final Supplier<Map<Integer, String>> racks;
    private final ReplicaAssigner assigner;

    /**
     * @param liveBrokerIds the live broker ids, sorted ascending
     * @param racks         the {@code broker.rack} of each live broker that has one
     */
    public TopicAdministrator(CuratorFramework client, ZkWriter writer, MetadataJson json, TopicCache cache,
                              Supplier<List<Integer>> liveBrokerIds, Supplier<Map<Integer, String>> racks,
                              ReplicaAssigner assigner) {
        this.client = client;
        this.writer = writer;
        this.json = json;
        this.cache = cache;
        this.liveBrokerIds = liveBrokerIds;
        this.racks = racks;
        this.assigner = assigner;
    }

    /** @return the topic as stored; with {@code validateOnly}, as it would be, with the id {@link KafkaUuid#ZERO} */
    public TopicMetadata create(NewTopic request, boolean validateOnly, TopicDefaults defaults) {
        String name = request.name();
        TopicRules.validateName(name);
        Map<Integer, List<Integer>> replicas = replicasOf(request, defaults, liveBrokerIds.get());
        String topicId = validateOnly ? KafkaUuid.ZERO : KafkaUuid.random();
        TopicAssignment assignment = new TopicAssignment(topicId, replicas, request.configs());
        String action = "creating topic " + name;
        return ZkCalls.call(action, () -> {
            Map<Integer, PartitionState> states = initialStates(replicas, controllerEpoch());
            TopicMetadata topic = new TopicMetadata(name, assignment, states);
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(writer.op().create().forPath(ZkPaths.topic(name), json.topic(assignment)));
            ops.add(writer.op().create().forPath(ZkPaths.partitions(name)));
            ops.addAll(createPartitionOps(name, states));
            if (validateOnly) {
                writer.checkFits(action, ops);
                if (client.checkExists().forPath(ZkPaths.topic(name)) != null) {
                    throw alreadyExists(name);
                }
                return topic;
            }
            try {
                writer.commit(action, ops);
            } catch (KeeperException.NodeExistsException e) {
                throw alreadyExists(name);
            }
            log.info("Created topic {} (id {}) with {} partitions", name, topicId, replicas.size());
            cache.awaitCreated(name, topicId, CACHE_CATCH_UP);
            return topic;
        });
    }

    private Map<Integer, List<Integer>> replicasOf(NewTopic request, TopicDefaults defaults, List<Integer> brokers) {
        if (!request.explicitAssignment().isEmpty()) {
            if (request.numPartitions() != -1 || request.replicationFactor() != -1) {
                throw new MetadataException(INVALID_REQUEST, "Both numPartitions or replicationFactor and "
                        + "replicasAssignment were set. Both cannot be used at the same time.");
            }
            TopicRules.validateExplicitAssignment(request.explicitAssignment(), Set.copyOf(brokers));
            return request.explicitAssignment();
        }
        int numPartitions = request.numPartitions() == -1 ? defaults.numPartitions() : request.numPartitions();
        int replicationFactor = request.replicationFactor() == -1
                ? defaults.replicationFactor() : request.replicationFactor();
        TopicRules.validatePartitionCount(numPartitions);
        TopicRules.validatePartitionsPerRequest(numPartitions);
        TopicRules.validateReplicationFactor(replicationFactor, brokers.size());
        return assigner.assign(brokers, racks.get(), numPartitions, replicationFactor);
    }

    public TopicMetadata createPartitions(String name, int newTotal, List<List<Integer>> assignment,
                                          boolean validateOnly) {
        String action = "adding partitions to topic " + name;
        return ZkCalls.call(action, () -> {
            while (true) {
                Stat stat = new Stat();
                TopicAssignment current = read(name, stat);
                if (client.checkExists().forPath(ZkPaths.deleteMarker(name)) != null) {
                    throw new MetadataException(UNKNOWN_TOPIC, "Topic '" + name + "' is marked for deletion.");
                }
                TopicRules.validateNewPartitionCount(current.partitionCount(), newTotal);
                TopicRules.validatePartitionsPerRequest((long) newTotal - current.partitionCount());
                Map<Integer, List<Integer>> added = addedReplicas(current, newTotal, assignment);
                Map<Integer, List<Integer>> replicas = new TreeMap<>(current.replicas());
                replicas.putAll(added);
                TopicAssignment next = new TopicAssignment(current.topicId(), replicas, current.configs());
                Map<Integer, PartitionState> newStates = initialStates(added, controllerEpoch());
                List<CuratorOp> ops = new ArrayList<>();
                ops.add(writer.op().setData().withVersion(stat.getVersion())
                        .forPath(ZkPaths.topic(name), json.topic(next)));
                ops.addAll(createPartitionOps(name, newStates));
                writer.checkFits(action, ops);
                writer.checkFits("deleting topic " + name + " once it has " + newTotal + " partitions",
                        deletionOps(name, newTotal));
                if (validateOnly) {
                    return withStates(name, next, newStates);
                }
                long zxid;
                try {
                    zxid = writer.commit(action, ops).get(0).getResultStat().getMzxid();
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException raced) {
                    continue;
                } catch (KeeperException.NoNodeException deleted) {
                    throw unknownTopic(name);
                }
                log.info("Topic {} grew from {} to {} partitions", name, current.partitionCount(), newTotal);
                return settled(name, zxid, next, newStates);
            }
        });
    }

    private Map<Integer, List<Integer>> addedReplicas(TopicAssignment current, int newTotal,
                                                      List<List<Integer>> assignment) {
        int replicationFactor = current.replicas().get(0).size();
        List<Integer> brokers = liveBrokerIds.get();
        if (assignment == null) {
            TopicRules.validateReplicationFactor(replicationFactor, brokers.size());
            return assigner.assignAdditional(brokers, racks.get(), current, newTotal);
        }
        TopicRules.validateAddedAssignment(current.partitionCount(), newTotal, assignment, replicationFactor,
                Set.copyOf(brokers));
        Map<Integer, List<Integer>> added = new TreeMap<>();
        for (int i = 0; i < assignment.size(); i++) {
            added.put(current.partitionCount() + i, assignment.get(i));
        }
        return added;
    }

    /** @param changes key → new value, or empty to remove the override */
    public TopicMetadata alterConfigs(String name, Map<String, Optional<String>> changes, boolean validateOnly) {
        String action = "altering the configs of topic " + name;
        return ZkCalls.call(action, () -> {
            while (true) {
                Stat stat = new Stat();
                TopicAssignment current = read(name, stat);
                Map<String, String> configs = new HashMap<>(current.configs());
                changes.forEach((key, value) -> value.ifPresentOrElse(v -> configs.put(key, v), () -> configs.remove(key)));
                TopicAssignment next = new TopicAssignment(current.topicId(), current.replicas(), configs);
                byte[] value = json.topic(next);
                if (validateOnly) {
                    writer.checkFits(action, List.of(writer.op().setData().forPath(ZkPaths.topic(name), value)));
                    return withStates(name, next, Map.of());
                }
                long zxid;
                try {
                    zxid = writer.setData(action, ZkPaths.topic(name), value, stat.getVersion()).getMzxid();
                } catch (KeeperException.BadVersionException raced) {
                    continue;
                } catch (KeeperException.NoNodeException deleted) {
                    throw unknownTopic(name);
                }
                log.info("Altered configs of topic {}: {}", name, changes.keySet());
                return settled(name, zxid, next, Map.of());
            }
        });
    }

    /** Compares by value and writes with the version read, so a concurrent writer makes this return false. */
    public boolean compareAndSetPartitionState(String topic, int partition, PartitionState expected,
                                               PartitionState next) {
        String path = ZkPaths.partitionState(topic, partition);
        String action = "updating the state of " + topic + "-" + partition;
        return ZkCalls.call(action, () -> {
            while (true) {
                Stat stat = new Stat();
                PartitionState current;
                try {
                    current = json.partitionState(client.getData().storingStatIn(stat).forPath(path));
                } catch (KeeperException.NoNodeException e) {
                    throw new MetadataException(UNKNOWN_TOPIC, "Partition " + topic + "-" + partition + " does not exist.");
                }
                if (!current.equals(expected)) {
                    return false;
                }
                try {
                    writer.setData(action, path, json.partitionState(next), stat.getVersion());
                    return true;
                } catch (KeeperException.BadVersionException raced) {
                    // rewritten with the same value in between (e.g. by a retrying controller): compare again
                }
            }
        });
    }

    /** Writes {@code /admin/delete_topics/{name}} naming the topic's id, so a later topic of the same name is spared. */
    public String markForDeletion(String name) {
        String action = "marking topic " + name + " for deletion";
        return ZkCalls.call(action, () -> {
            String topicId = read(name, new Stat()).topicId();
            try {
                writer.createWithParents(action, ZkPaths.deleteMarker(name), json.deleteMarker(topicId),
                        CreateMode.PERSISTENT);
                log.info("Marked topic {} (id {}) for deletion", name, topicId);
            } catch (KeeperException.NodeExistsException alreadyMarked) {
                // a deletion is already pending: wait for it like the first caller
            }
            return topicId;
        });
    }

    /**
     * Waits until the topic with this id is gone from ZooKeeper (a watch, re-armed while the topic only changes) and
     * then from this process's cache.
     */
    public void awaitDeletion(String name, String topicId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ZkCalls.run("waiting for the deletion of topic " + name, () -> {
            while (true) {
                CountDownLatch changed = new CountDownLatch(1);
                try {
                    byte[] stored = client.getData().usingWatcher((Watcher) event -> changed.countDown())
                            .forPath(ZkPaths.topic(name));
                    if (!json.topic(stored).topicId().equals(topicId)) {
                        return;
                    }
                } catch (KeeperException.NoNodeException deleted) {
                    return;
                }
                if (!changed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    throw new MetadataException(TIMED_OUT, "Topic '" + name + "' is marked for deletion, but the "
                            + "controller has not deleted it within " + timeout.toMillis() + " ms.");
                }
            }
        });
        cache.awaitAbsent(name, topicId, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private TopicAssignment read(String name, Stat stat) throws Exception {
        try {
            return json.topic(client.getData().storingStatIn(stat).forPath(ZkPaths.topic(name)));
        } catch (KeeperException.NoNodeException e) {
            throw unknownTopic(name);
        }
    }

    private int controllerEpoch() throws Exception {
        try {
            return json.controllerEpoch(client.getData().forPath(ZkPaths.CONTROLLER_EPOCH));
        } catch (KeeperException.NoNodeException noControllerYet) {
            return 0;
        }
    }

    private List<CuratorOp> createPartitionOps(String name, Map<Integer, PartitionState> states) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        TransactionOp op = writer.op();
        for (Map.Entry<Integer, PartitionState> state : states.entrySet()) {
            ops.add(op.create().forPath(ZkPaths.partition(name, state.getKey())));
            ops.add(op.create().forPath(ZkPaths.partitionState(name, state.getKey()), json.partitionState(state.getValue())));
        }
        return ops;
    }

    /** The transaction the controller's {@code TopicDeleter} sends for a topic of {@code partitions} partitions. */
    private List<CuratorOp> deletionOps(String name, int partitions) throws Exception {
        TransactionOp op = writer.op();
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(op.check().withVersion(0).forPath(ZkPaths.CONTROLLER_EPOCH));
        for (int p = 0; p < partitions; p++) {
            ops.add(op.delete().forPath(ZkPaths.partitionState(name, p)));
            ops.add(op.delete().forPath(ZkPaths.partition(name, p)));
        }
        ops.add(op.delete().forPath(ZkPaths.partitions(name)));
        ops.add(op.delete().withVersion(0).forPath(ZkPaths.topic(name)));
        ops.add(op.delete().withVersion(0).forPath(ZkPaths.deleteMarker(name)));
        return ops;
    }

    private static Map<Integer, PartitionState> initialStates(Map<Integer, List<Integer>> replicas, int controllerEpoch) {
        Map<Integer, PartitionState> states = new TreeMap<>();
        replicas.forEach((p, brokers) -> states.put(p, new PartitionState(brokers.get(0), 0, brokers, controllerEpoch)));
        return states;
    }

    /** The cached partition states of the topic plus {@code newStates}: what the topic looks like with {@code next}. */
    private TopicMetadata withStates(String name, TopicAssignment next, Map<Integer, PartitionState> newStates) {
        Map<Integer, PartitionState> states = new TreeMap<>(cache.topic(name)
                .filter(cached -> cached.topicId().equals(next.topicId()))
                .map(TopicMetadata::partitions)
                .orElse(Map.of()));
        states.putAll(newStates);
        return new TopicMetadata(name, next, states);
    }

    /** The topic as this process's cache holds it once the write of {@code zxid} arrived (it may be newer). */
    private TopicMetadata settled(String name, long zxid, TopicAssignment next, Map<Integer, PartitionState> newStates) {
        return cache.awaitWrite(name, zxid, CACHE_CATCH_UP)
                .filter(cached -> cached.topicId().equals(next.topicId()))
                .orElseGet(() -> withStates(name, next, newStates));
    }

    private MetadataException alreadyExists(String name) throws Exception {
        if (client.checkExists().forPath(ZkPaths.deleteMarker(name)) != null) {
            return new MetadataException(TOPIC_ALREADY_EXISTS, "Topic '" + name + "' is marked for deletion.");
        }
        return new MetadataException(TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
    }

    private static MetadataException unknownTopic(String name) {
        return new MetadataException(UNKNOWN_TOPIC, "Topic '" + name + "' does not exist.");
    }
}

package io.tributary.broker.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.log.PartitionLog;
import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.topic.TopicConfigSchema;

/**
 * Keeps the partitions this broker hosts in step with the topics in ZooKeeper: creates a partition's log when the
 * broker is named among its replicas, applies config and leadership changes, and deletes the logs of deleted topics.
 * ZooKeeper is the truth; the local disk follows it, including for topics deleted while this broker was down. A
 * topic is known by its id as well as its name: a log belonging to an older topic of the same name (deleted and
 * recreated while this broker was down, or faster than it saw the deletion) is deleted, never served.
 */
public final class PartitionManager implements MetadataListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final TopicConfigSchema topicConfigs;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Map<String, Uuid> topicIds = new ConcurrentHashMap<>();
    private final Map<Uuid, String> topicNames = new ConcurrentHashMap<>();
    private final List<LeadershipListener> leadershipListeners = new CopyOnWriteArrayList<>();

    /** @param topicConfigs the topic-config schema with this broker's defaults, to which each topic's overrides apply */
    public PartitionManager(int brokerId, LogManager logManager, TopicConfigSchema topicConfigs) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.topicConfigs = topicConfigs;
    }

    /** Applies the topics present at start and removes local logs of topics that no longer exist. */
    public void loadFrom(Map<String, TopicMetadata> topics) {
        topics.values().forEach(this::onTopicChanged);
        for (PartitionLog existing : List.copyOf(logManager.all())) {
            TopicMetadata topic = topics.get(existing.topic());
            if (topic == null || !topic.assignment().replicas().getOrDefault(existing.partition(), List.of()).contains(brokerId)) {
                log.info("Deleting local log of {}-{}: not assigned to broker {} any more", existing.topic(), existing.partition(), brokerId);
                logManager.delete(existing.topic(), existing.partition());
            }
        }
    }

    /** Register before {@link #loadFrom}: partitions created there are announced too. */
    public void addLeadershipListener(LeadershipListener listener) {
        leadershipListeners.add(listener);
    }

    public LogConfig configFor(Map<String, String> overrides) {
        return LogConfig.from(topicConfigs.parse(overrides));
    }

    public Optional<Partition> partition(String topic, int index) {
        return Optional.ofNullable(partitions.get(new TopicPartition(topic, index)));
    }

    public Optional<Uuid> topicId(String topic) {
        return Optional.ofNullable(topicIds.get(topic));
    }

    public Optional<String> topicName(Uuid topicId) {
        return Optional.ofNullable(topicNames.get(topicId));
    }

    @Override
    public synchronized void onTopicChanged(TopicMetadata topic) {
        Uuid topicId = Uuid.fromString(topic.assignment().topicId());
        Uuid previous = topicIds.put(topic.name(), topicId);
        if (previous != null && !previous.equals(topicId)) {
            topicNames.remove(previous);
        }
        topicNames.put(topicId, topic.name());
        LogConfig config = configFor(topic.assignment().configs());
        logManager.updateConfig(topic.name(), config);
        for (Map.Entry<Integer, List<Integer>> entry : topic.assignment().replicas().entrySet()) {
            int index = entry.getKey();
            List<Integer> replicas = entry.getValue();
            TopicPartition tp = new TopicPartition(topic.name(), index);
            if (!replicas.contains(brokerId)) {
                continue;
            }
            PartitionState state = topic.partitions().get(index);
            Partition partition = partitions.get(tp);
            if (partition != null && !partition.topicId().equals(topicId)) {
                // deleted and recreated faster than the deletion reached this broker: the old records must not show
                log.info("Topic {} was recreated with id {} (was {}): replacing the local log of partition {}",
                        topic.name(), topicId, partition.topicId(), index);
                partitions.remove(tp);
                announceRemoval(partition);
                logManager.delete(topic.name(), index);
                partition = null;
            }
            if (partition == null) {
                PartitionLog partitionLog;
                try {
                    partitionLog = logManager.getOrCreate(topic.name(), index, topicId, config);
                } catch (KafkaStorageException e) {
                    // the other partitions still get their logs; this one is tried again at the next change of the topic
                    log.error("Cannot create the log of {}: {}", tp, e.getMessage());
                    continue;
                }
                Partition created = new Partition(topic.name(), index, brokerId, topicId, partitionLog, config, state, replicas);
                partitions.put(tp, created);
                announceLeadership(created, state);
            } else if (partition.update(config, state, replicas)) {
                announceLeadership(partition, state);
            }
        }
    }

    @Override
    public synchronized void onTopicDeleted(String name) {
        Uuid topicId = topicIds.remove(name);
        if (topicId != null) {
            topicNames.remove(topicId);
        }
        List<TopicPartition> gone = new ArrayList<>();
        for (TopicPartition tp : partitions.keySet()) {
            if (tp.topic().equals(name)) {
                gone.add(tp);
            }
        }
        for (TopicPartition tp : gone) {
            announceRemoval(partitions.remove(tp));
            logManager.delete(tp.topic(), tp.partition());
        }
        if (!gone.isEmpty()) {
            log.info("Deleted topic {}: removed {} local partition logs", name, gone.size());
        }
    }

    private void announceLeadership(Partition partition, PartitionState state) {
        if (state == null) {
            return;
        }
        for (LeadershipListener listener : leadershipListeners) {
            if (state.leader() == brokerId) {
                listener.becameLeader(partition, state);
            } else {
                listener.becameFollower(partition, state);
            }
        }
    }

    private void announceRemoval(Partition partition) {
        leadershipListeners.forEach(listener -> listener.removed(partition));
    }
}

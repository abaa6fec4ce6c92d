package io.tributary.metadata.controller;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controller's sweeps over the partitions as this process's cache shows them: cheap, never a ZooKeeper read, so
 * fit to pick candidates (whose states are then read and decided again before any write) and to count for meters.
 */
final class CachedPartitions {

    @FunctionalInterface
    interface Visitor {
        void visit(PartitionId id, List<Integer> replicas, PartitionState state, Map<String, String> configs);
    }

    private final ClusterMetadata metadata;

    CachedPartitions(ClusterMetadata metadata) {
        this.metadata = metadata;
    }

    /** Every partition with a state, of every topic not marked for deletion. */
    void forEach(Visitor visitor) {
        Set<String> deleting = metadata.topicsMarkedForDeletion();
        for (TopicMetadata topic : metadata.topics().values()) {
            if (deleting.contains(topic.name())) {
                continue;
            }
            for (Map.Entry<Integer, PartitionState> partition : topic.partitions().entrySet()) {
                List<Integer> replicas = topic.assignment().replicas().get(partition.getKey());
                if (replicas != null) {
                    visitor.visit(new PartitionId(topic.name(), partition.getKey()), replicas, partition.getValue(),
                            topic.assignment().configs());
                }
            }
        }
    }

    /** Every partition of every topic, in topic order: what ElectLeaders without a topic list covers. */
    List<PartitionId> all() {
        List<PartitionId> all = new ArrayList<>();
        metadata.topics().values().forEach(topic -> topic.assignment().replicas().keySet()
                .forEach(p -> all.add(new PartitionId(topic.name(), p))));
        return all;
    }

    long offline() {
        BrokerStates brokers = BrokerStates.of(metadata.liveBrokers());
        long[] count = {0};
        forEach((id, replicas, state, configs) -> count[0] += LeaderRules.hasLiveLeader(state, brokers) ? 0 : 1);
        return count[0];
    }

    long notLedByPreferredReplica() {
        long[] count = {0};
        forEach((id, replicas, state, configs) -> count[0] += LeaderRules.hasPreferredLeader(replicas, state) ? 0 : 1);
        return count[0];
    }

    /**
     * Kafka's automatic rebalance rule: the partitions of each broker whose share of its preferred partitions led by
     * others exceeds {@code percentage}.
     */
    List<PartitionId> imbalanced(int percentage) {
        Map<Integer, Integer> preferredBy = new LinkedHashMap<>();
        Map<Integer, List<PartitionId>> ledElsewhere = new LinkedHashMap<>();
        forEach((id, replicas, state, configs) -> {
            if (replicas.isEmpty()) {
                return;
            }
            preferredBy.merge(replicas.get(0), 1, Integer::sum);
            if (!LeaderRules.hasPreferredLeader(replicas, state)) {
                ledElsewhere.computeIfAbsent(replicas.get(0), b -> new ArrayList<>()).add(id);
            }
        });
        List<PartitionId> candidates = new ArrayList<>();
        ledElsewhere.forEach((broker, partitions) -> {
            if ((double) partitions.size() / preferredBy.get(broker) > percentage / 100.0) {
                candidates.addAll(partitions);
            }
        });
        return candidates;
    }
}

package io.tributary.node.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicMetadata;

/**
 * A partition as Metadata and DescribeTopicPartitions report it: a leader that is not alive, or a partition whose
 * state is not written yet, is reported as LEADER_NOT_AVAILABLE with leader -1, so clients retry rather than send to a
 * dead broker.
 */
public record PartitionView(int index, Errors error, int leader, int leaderEpoch, List<Integer> replicas,
                            List<Integer> isr, List<Integer> offlineReplicas) {

    public static List<PartitionView> of(TopicMetadata topic, Set<Integer> liveBrokers) {
        List<PartitionView> views = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> entry : new java.util.TreeMap<>(topic.assignment().replicas()).entrySet()) {
            List<Integer> replicas = entry.getValue();
            List<Integer> offline = replicas.stream().filter(id -> !liveBrokers.contains(id)).toList();
            PartitionState state = topic.partitions().get(entry.getKey());
            if (state == null || !liveBrokers.contains(state.leader())) {
                views.add(new PartitionView(entry.getKey(), Errors.LEADER_NOT_AVAILABLE, -1,
                        state == null ? -1 : state.leaderEpoch(), replicas, state == null ? List.of() : state.isr(), offline));
            } else {
                views.add(new PartitionView(entry.getKey(), Errors.NONE, state.leader(), state.leaderEpoch(), replicas,
                        state.isr(), offline));
            }
        }
        return views;
    }
}

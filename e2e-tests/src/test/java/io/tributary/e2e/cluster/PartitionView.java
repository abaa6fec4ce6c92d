package io.tributary.e2e.cluster;

import java.util.List;

import org.apache.kafka.common.TopicPartition;

/**
 * A partition as Metadata describes it to a kafka-clients Admin: its leader ({@code -1} when it has none), its
 * replicas in assignment order (the first is the preferred leader) and its in-sync replicas.
 */
public record PartitionView(TopicPartition partition, int leader, List<Integer> replicas, List<Integer> isr) {

    public PartitionView {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** The first assigned replica, to which a preferred-leader election gives the leadership. */
    public int preferredLeader() {
        return replicas.isEmpty() ? -1 : replicas.get(0);
    }

    /** Replicas that are assigned but not in the ISR. */
    public List<Integer> outOfSync() {
        return replicas.stream().filter(replica -> !isr.contains(replica)).toList();
    }
}

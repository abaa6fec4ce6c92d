package io.tributary.metadata.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Kafka's rack-unaware replica placement. Over the live brokers sorted by id, partition {@code p}'s leader is broker
 * {@code (start + p) % n}, so leaders spread evenly; its followers follow the leader at a distance that shifts by one
 * after every {@code n} partitions, so followers spread too. A random start keeps small topics off broker 0.
 * New partitions of an existing topic continue the same sequence from the broker that leads partition 0.
 */
public final class ReplicaAssigner {

    private final Random random;

    public ReplicaAssigner(Random random) {
        this.random = random;
    }

    /** @param brokers live broker ids sorted ascending; at least {@code replicationFactor} of them */
    public Map<Integer, List<Integer>> assign(List<Integer> brokers, int numPartitions, int replicationFactor) {
        int start = random.nextInt(brokers.size());
        return assign(brokers, 0, numPartitions, replicationFactor, start, random.nextInt(brokers.size()));
    }

    /** Replicas for partitions {@code existing.partitionCount()..newTotal-1}. */
    public Map<Integer, List<Integer>> assignAdditional(List<Integer> brokers, TopicAssignment existing, int newTotal) {
        List<Integer> firstPartition = existing.replicas().get(0);
        int start = brokers.indexOf(firstPartition.get(0));
        if (start < 0) {
            start = random.nextInt(brokers.size());
        }
        return assign(brokers, existing.partitionCount(), newTotal - existing.partitionCount(), firstPartition.size(),
                start, start);
    }

    private static Map<Integer, List<Integer>> assign(List<Integer> brokers, int firstPartition, int count,
                                                      int replicationFactor, int start, int initialShift) {
        int n = brokers.size();
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        int shift = initialShift;
        for (int p = firstPartition; p < firstPartition + count; p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int leaderIndex = (p + start) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(brokers.get(leaderIndex));
            for (int j = 0; j < replicationFactor - 1; j++) {
                replicas.add(brokers.get(followerIndex(leaderIndex, shift, j, n)));
            }
            assignment.put(p, List.copyOf(replicas));
        }
        return assignment;
    }

    private static int followerIndex(int leaderIndex, int shift, int j, int n) {
        return (leaderIndex + 1 + (shift + j) % (n - 1)) % n;
    }
}

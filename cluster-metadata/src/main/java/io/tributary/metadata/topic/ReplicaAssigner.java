package io.tributary.metadata.topic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's replica placement ({@code AdminUtils.assignReplicasToBrokers} of its ZooKeeper era). Over the live brokers,
 * partition {@code p}'s leader is broker {@code (start + p) % n}, so leaders spread evenly; its followers follow the
 * leader at a distance that shifts by one after every {@code n} partitions, so followers spread too. A random start
 * keeps small topics off the first broker. New partitions of an existing topic continue the same sequence from the
 * broker that leads partition 0.
 *
 * <p>When every live broker has a {@code broker.rack}, the placement is rack-aware as Kafka's: the brokers are taken in
 * an order that alternates racks (the first broker of each rack, then the second of each, ...), and each follower is
 * the next broker in the shifted sequence whose rack holds no replica of the partition yet, until every rack holds
 * one. With some brokers lacking a rack, racks are ignored (Kafka's "safe" mode; its "enforced" mode would refuse).
 */
public final class ReplicaAssigner {

    private final Random random;

    public ReplicaAssigner(Random random) {
        this.random = random;
    }

    /** @param brokers live broker ids sorted ascending; at least {@code replicationFactor} of them */
    public Map<Integer, List<Integer>> assign(List<Integer> brokers, int numPartitions, int replicationFactor) {
        return assign(brokers, Map.of(), numPartitions, replicationFactor);
    }

    /**
     * @param brokers live broker ids sorted ascending; at least {@code replicationFactor} of them
     * @param racks   the rack of each broker that has one
     */
    public Map<Integer, List<Integer>> assign(List<Integer> brokers, Map<Integer, String> racks, int numPartitions,
                                              int replicationFactor) {
        int start = random.nextInt(brokers.size());
        int shift = random.nextInt(brokers.size());
        return place(brokers, racks, 0, numPartitions, replicationFactor, start, shift);
    }

    /** Replicas for partitions {@code existing.partitionCount()..newTotal-1}. */
    public Map<Integer, List<Integer>> assignAdditional(List<Integer> brokers, TopicAssignment existing, int newTotal) {
        return assignAdditional(brokers, Map.of(), existing, newTotal);
    }

    /** Replicas for partitions {@code existing.partitionCount()..newTotal-1}, rack-aware as {@link #assign}. */
    public Map<Integer, List<Integer>> assignAdditional(List<Integer> brokers, Map<Integer, String> racks,
                                                        TopicAssignment existing, int newTotal) {
        List<Integer> firstPartition = existing.replicas().get(0);
        List<Integer> order = rackAware(brokers, racks) ? rackAlternated(brokers, racks) : brokers;
        int start = order.indexOf(firstPartition.get(0));
        if (start < 0) {
            start = random.nextInt(brokers.size());
        }
        return place(brokers, racks, existing.partitionCount(), newTotal - existing.partitionCount(),
                firstPartition.size(), start, start);
    }

    private static Map<Integer, List<Integer>> place(List<Integer> brokers, Map<Integer, String> racks,
                                                     int firstPartition, int count, int replicationFactor, int start,
                                                     int initialShift) {
        if (rackAware(brokers, racks)) {
            return rackAwarePlacement(rackAlternated(brokers, racks), racks, firstPartition, count, replicationFactor,
                    start, initialShift);
        }
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

    private static Map<Integer, List<Integer>> rackAwarePlacement(List<Integer> arranged, Map<Integer, String> racks,
                                                                  int firstPartition, int count, int replicationFactor,
                                                                  int start, int initialShift) {
        int n = arranged.size();
        int rackCount = new HashSet<>(racks.values()).size();
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        int shift = initialShift;
        for (int p = firstPartition; p < firstPartition + count; p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int leaderIndex = (p + start) % n;
            int leader = arranged.get(leaderIndex);
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            Set<String> racksUsed = new HashSet<>();
            replicas.add(leader);
            racksUsed.add(racks.get(leader));
            int k = 0;
            while (replicas.size() < replicationFactor) {
                int candidate = arranged.get(followerIndex(leaderIndex, shift * rackCount, k++, n));
                boolean rackFree = !racksUsed.contains(racks.get(candidate)) || racksUsed.size() == rackCount;
                // rf <= n, so an unused broker always exists and the sequence visits every other broker within n - 1 steps
                if (rackFree && !replicas.contains(candidate)) {
                    replicas.add(candidate);
                    racksUsed.add(racks.get(candidate));
                }
            }
            assignment.put(p, List.copyOf(replicas));
        }
        return assignment;
    }

    private static boolean rackAware(List<Integer> brokers, Map<Integer, String> racks) {
        return !brokers.isEmpty() && brokers.stream().allMatch(racks::containsKey);
    }

    /** The brokers ordered to alternate racks: racks sorted, each rack's brokers sorted, taken in turn. */
    static List<Integer> rackAlternated(List<Integer> brokers, Map<Integer, String> racks) {
        TreeMap<String, List<Integer>> byRack = new TreeMap<>();
        brokers.stream().sorted().forEach(b -> byRack.computeIfAbsent(racks.get(b), r -> new ArrayList<>()).add(b));
        List<Iterator<Integer>> iterators = byRack.values().stream().map(List::iterator).toList();
        List<Integer> arranged = new ArrayList<>(brokers.size());
        for (int i = 0; arranged.size() < brokers.size(); i = (i + 1) % iterators.size()) {
            if (iterators.get(i).hasNext()) {
                arranged.add(iterators.get(i).next());
            }
        }
        return arranged;
    }

    private static int followerIndex(int leaderIndex, int shift, int j, int n) {
        return (leaderIndex + 1 + (shift + j) % (n - 1)) % n;
    }
}

package io.tributary.metadata.topic;

import static io.tributary.metadata.MetadataException.Reason.INVALID_PARTITIONS;
import static io.tributary.metadata.MetadataException.Reason.INVALID_REPLICATION_FACTOR;
import static io.tributary.metadata.MetadataException.Reason.INVALID_REPLICA_ASSIGNMENT;
import static io.tributary.metadata.MetadataException.Reason.INVALID_TOPIC_NAME;
import static io.tributary.metadata.MetadataException.Reason.POLICY_VIOLATION;

import io.tributary.metadata.MetadataException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kafka's rules for topic administration, with Kafka's messages where Kafka has one: every service that creates or
 * grows topics goes through here, so a client sees the same refusal whichever service it talks to.
 */
public final class TopicRules {

    public static final int MAX_NAME_LENGTH = 249;

    /**
     * New partitions one request may create, summed over its topics: Kafka's controller refuses more
     * ({@code ReplicationControlManager.MAX_PARTITIONS_PER_BATCH}), since building them has run brokers out of memory.
     */
    public static final int MAX_PARTITIONS_PER_REQUEST = 10_000;
    /** Kafka's message for a request over {@link #MAX_PARTITIONS_PER_REQUEST}. */
    public static final String EXCESSIVE_PARTITIONS = "Excessively large number of partitions per request.";

    private TopicRules() {
    }

    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw invalidName("Topic name is illegal, it can't be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalidName("Topic name cannot be \".\" or \"..\"");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw invalidName("Topic name is illegal, it can't be longer than " + MAX_NAME_LENGTH
                    + " characters, topic name: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isLegal(name.charAt(i))) {
                throw invalidName("Topic name \"" + name + "\" is illegal, it contains a character other than "
                        + "ASCII alphanumerics, '.', '_' and '-'");
            }
        }
    }

    private static boolean isLegal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    public static void validatePartitionCount(int numPartitions) {
        if (numPartitions < 1) {
            throw new MetadataException(INVALID_PARTITIONS, "Number of partitions must be larger than 0.");
        }
    }

    /** @param partitions new partitions a request creates, summed over its topics */
    public static void validatePartitionsPerRequest(long partitions) {
        if (partitions > MAX_PARTITIONS_PER_REQUEST) {
            throw new MetadataException(POLICY_VIOLATION, EXCESSIVE_PARTITIONS);
        }
    }

    public static void validateReplicationFactor(int replicationFactor, int liveBrokers) {
        if (replicationFactor < 1) {
            throw new MetadataException(INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0.");
        }
        if (replicationFactor > liveBrokers) {
            throw new MetadataException(INVALID_REPLICATION_FACTOR,
                    "Replication factor: " + replicationFactor + " larger than available brokers: " + liveBrokers + ".");
        }
    }

    /** Partitions only grow: a smaller or equal count is refused. */
    public static void validateNewPartitionCount(int current, int requested) {
        if (requested < current) {
            throw new MetadataException(INVALID_PARTITIONS, "Topic currently has " + current
                    + " partitions, which is higher than the requested " + requested
                    + ". Partitions can only be added, never removed.");
        }
        if (requested == current) {
            throw new MetadataException(INVALID_PARTITIONS, "Topic already has " + current + " partitions.");
        }
    }

    /** A manual assignment of a new topic: partitions 0..n-1, equal non-empty replica lists of distinct live brokers. */
    public static void validateExplicitAssignment(Map<Integer, List<Integer>> assignment, Set<Integer> liveBrokers) {
        validatePartitionsPerRequest(assignment.size());
        for (int p = 0; p < assignment.size(); p++) {
            if (!assignment.containsKey(p)) {
                throw new MetadataException(INVALID_REPLICA_ASSIGNMENT,
                        "Partitions should be a consecutive 0-based integer sequence, but partition " + p
                                + " is missing from " + new TreeSet<>(assignment.keySet()) + ".");
            }
        }
        int replicationFactor = assignment.get(0).size();
        new TreeMap<>(assignment).forEach((p, replicas) -> validateReplicas(p, replicas, replicationFactor, liveBrokers));
    }

    /** Manual replicas for partitions {@code current..current+assignment.size()-1} of an existing topic. */
    public static void validateAddedAssignment(int current, int requested, List<List<Integer>> assignment,
                                               int replicationFactor, Set<Integer> liveBrokers) {
        if (assignment.size() != requested - current) {
            throw new MetadataException(INVALID_REPLICA_ASSIGNMENT, "Increasing the number of partitions by "
                    + (requested - current) + " but " + assignment.size() + " assignments provided.");
        }
        for (int i = 0; i < assignment.size(); i++) {
            validateReplicas(current + i, assignment.get(i), replicationFactor, liveBrokers);
        }
    }

    private static void validateReplicas(int partition, List<Integer> replicas, int replicationFactor,
                                         Set<Integer> liveBrokers) {
        if (replicas == null || replicas.isEmpty()) {
            throw new MetadataException(INVALID_REPLICA_ASSIGNMENT,
                    "The replica assignment of partition " + partition + " is empty.");
        }
        if (replicas.size() != replicationFactor) {
            throw new MetadataException(INVALID_REPLICA_ASSIGNMENT, "Partition " + partition + " has "
                    + replicas.size() + " replicas, but the other partitions have " + replicationFactor + ".");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer broker : replicas) {
            if (!seen.add(broker)) {
                throw new MetadataException(INVALID_REPLICA_ASSIGNMENT,
                        "Duplicate brokers in the replica assignment of partition " + partition + ": " + replicas + ".");
            }
            if (!liveBrokers.contains(broker)) {
                throw new MetadataException(INVALID_REPLICA_ASSIGNMENT, "The replica assignment of partition "
                        + partition + " names broker " + broker + ", which is not a live broker.");
            }
        }
    }

    private static MetadataException invalidName(String message) {
        return new MetadataException(INVALID_TOPIC_NAME, message);
    }
}

package io.tributary.broker.handler;

import java.util.Optional;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;

/**
 * Finding the partition a data request names, as Produce, Fetch and ListOffsets share it: topics by id from v13 of
 * Produce and Fetch and by name before, and Kafka's errors for a partition that is unknown, led elsewhere, or asked
 * for at another leader epoch (KIP-320).
 */
final class PartitionLookup {

    private PartitionLookup() {
    }

    /** The topic's name: looked up by id when the request carries one, else the name it carries. */
    static Optional<String> topicName(PartitionManager partitions, Uuid topicId, String name) {
        if (isSet(topicId)) {
            return partitions.topicName(topicId);
        }
        return Optional.ofNullable(name).filter(n -> !n.isEmpty());
    }

    /** UNKNOWN_TOPIC_ID for an id nobody knows, else UNKNOWN_TOPIC_OR_PARTITION. */
    static Errors unknown(Uuid topicId, Optional<String> name) {
        return isSet(topicId) && name.isEmpty() ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    /**
     * NONE when this broker leads the partition at the epoch the client knows (or the client sent none) and the
     * partition's log directory is online; KAFKA_STORAGE_ERROR for a partition in an offline directory, as Kafka.
     */
    static Errors availability(Partition partition, int currentLeaderEpoch) {
        if (!partition.log().isOnline()) {
            return Errors.KAFKA_STORAGE_ERROR;
        }
        if (!partition.isLeader()) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        int leaderEpoch = partition.leaderEpoch();
        if (currentLeaderEpoch < 0 || currentLeaderEpoch == leaderEpoch) {
            return Errors.NONE;
        }
        return currentLeaderEpoch < leaderEpoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
    }

    private static boolean isSet(Uuid topicId) {
        return topicId != null && !Uuid.ZERO_UUID.equals(topicId);
    }
}

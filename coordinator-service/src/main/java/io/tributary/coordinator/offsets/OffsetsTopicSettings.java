package io.tributary.coordinator.offsets;

import java.time.Duration;

/**
 * How {@code __consumer_offsets} is created and written; the names are Kafka's broker settings.
 *
 * @param partitions        {@code offsets.topic.num.partitions}; fixed once the topic exists
 * @param replicationFactor {@code offsets.topic.replication.factor}; creation fails (retriably) while fewer brokers
 *                          are alive, as in Kafka
 * @param segmentBytes      {@code offsets.topic.segment.bytes}
 * @param commitTimeout     {@code offsets.commit.timeout.ms}: how long an append may wait for {@code acks=all}
 * @param loadTimeout       how long a replay may take before it fails (retriably)
 * @param clientId          client id prefix of the producer, consumer and admin client
 */
public record OffsetsTopicSettings(int partitions, short replicationFactor, int segmentBytes, Duration commitTimeout,
                                   Duration loadTimeout, String clientId) {

    /** Kafka's defaults: 50 partitions, replication factor 3, 100 MiB segments, 5 s commit timeout. */
    public static final OffsetsTopicSettings KAFKA = new OffsetsTopicSettings(50, (short) 3, 104857600,
            Duration.ofSeconds(5), Duration.ofMinutes(2), "tributary-coordinator");

    public OffsetsTopicSettings {
        if (partitions <= 0) {
            throw new IllegalArgumentException("offsets.topic.num.partitions must be > 0, got " + partitions);
        }
        if (replicationFactor <= 0) {
            throw new IllegalArgumentException(
                    "offsets.topic.replication.factor must be > 0, got " + replicationFactor);
        }
        if (commitTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("offsets.commit.timeout.ms must be >= 100, got " + commitTimeout.toMillis());
        }
    }

    public OffsetsTopicSettings withReplicationFactor(short factor) {
        return new OffsetsTopicSettings(partitions, factor, segmentBytes, commitTimeout, loadTimeout, clientId);
    }

    public OffsetsTopicSettings withPartitions(int count) {
        return new OffsetsTopicSettings(count, replicationFactor, segmentBytes, commitTimeout, loadTimeout, clientId);
    }
}

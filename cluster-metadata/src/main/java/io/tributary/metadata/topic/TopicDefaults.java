package io.tributary.metadata.topic;

/** Broker-side defaults ({@code num.partitions}, {@code default.replication.factor}) for requests that pass -1. */
public record TopicDefaults(int numPartitions, short replicationFactor) {

    /** Kafka's own defaults. */
    public static final TopicDefaults KAFKA = new TopicDefaults(1, (short) 1);
}

package io.tributary.admin.topic;

import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A topic as Confluent's v3 API shows it ({@code KafkaTopic}): its name, whether it is internal, its replication factor
 * and partition count, and links to its partitions and configs.
 */
public record TopicResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String topicName,
        boolean isInternal,
        int replicationFactor,
        int partitionsCount,
        Related partitions,
        Related configs) {

    static final String KIND = "KafkaTopic";

    /** The same topic with another partition count, as it is once partitions were added. */
    TopicResource withPartitionsCount(int count) {
        return new TopicResource(kind, metadata, clusterId, topicName, isInternal, replicationFactor, count, partitions,
                configs);
    }
}

package io.tributary.admin.group;

import java.util.List;

import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * One member of a consumer group ({@code KafkaConsumer} in Confluent v3), with its host and the partitions it owns
 * inline beside Confluent's {@code assignments} link.
 */
public record ConsumerResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        String consumerId,
        String instanceId,
        String clientId,
        String host,
        Related assignments,
        List<AssignedPartition> assignedPartitions) {

    public ConsumerResource {
        assignedPartitions = List.copyOf(assignedPartitions);
    }
}

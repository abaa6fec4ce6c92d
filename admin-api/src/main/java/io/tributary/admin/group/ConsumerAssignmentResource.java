package io.tributary.admin.group;

import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/** One partition assigned to one member ({@code KafkaConsumerAssignment} in Confluent v3), with its lag's link. */
public record ConsumerAssignmentResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        String consumerId,
        String topicName,
        int partitionId,
        Related partition,
        Related lag) {
}

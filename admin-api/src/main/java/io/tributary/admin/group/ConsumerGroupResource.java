package io.tributary.admin.group;

import java.util.List;

import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A consumer group with Confluent v3's fields ({@code KafkaConsumerGroup}), plus what Confluent leaves out: the
 * protocol type and the members inline with their hosts and assignments, so that one call describes the group.
 */
public record ConsumerGroupResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String consumerGroupId,
        boolean isSimple,
        String partitionAssignor,
        String state,
        String type,
        Related coordinator,
        Related consumers,
        Related lagSummary,
        List<ConsumerResource> members) {

    public ConsumerGroupResource {
        members = List.copyOf(members);
    }
}

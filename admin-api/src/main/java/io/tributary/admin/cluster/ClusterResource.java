package io.tributary.admin.cluster;

import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A cluster as Confluent's v3 API shows it, with links to its brokers, topics and consumer groups.
 */
public record ClusterResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        Related controller,
        Related brokers,
        Related topics,
        Related consumerGroups) {
}

package io.tributary.admin.broker;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.tributary.admin.resource.ResourceMetadata;

/**
 * A node of the cluster as Confluent's v3 API shows a broker ({@code broker_id}, {@code host}, {@code port},
 * {@code rack}), plus what Confluent lacks: whether it is the controller, its role, its advertised listeners and its
 * health. The last three come from the broker registrations in ZooKeeper and are {@code null} without them.
 */
public record BrokerResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        int brokerId,
        @Schema(description = "null for an offline broker no client can reach now") String host,
        @Schema(description = "null for an offline broker") Integer port,
        @Schema(description = "null when the broker has no broker.rack") String rack,
        boolean isController,
        @Schema(description = "BROKER holds partitions; COORDINATOR (ids 1000 and above) runs "
                + "consumer groups; null without tributary.admin.zookeeper-connect") NodeRole role,
        @Schema(description = "the listeners the node registered, by name; null without "
                + "tributary.admin.zookeeper-connect") List<AdvertisedListener> advertisedListeners,
        @Schema(description = "null without tributary.admin.zookeeper-connect") NodeHealth health) {
}

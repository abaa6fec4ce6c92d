package io.tributary.coordinator;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.coordinator.handler.ConsumerGroupDescribeHandler;
import io.tributary.coordinator.handler.DeleteGroupsHandler;
import io.tributary.coordinator.handler.DescribeGroupsHandler;
import io.tributary.coordinator.handler.HeartbeatHandler;
import io.tributary.coordinator.handler.JoinGroupHandler;
import io.tributary.coordinator.handler.LeaveGroupHandler;
import io.tributary.coordinator.handler.ListGroupsHandler;
import io.tributary.coordinator.handler.OffsetCommitHandler;
import io.tributary.coordinator.handler.OffsetDeleteHandler;
import io.tributary.coordinator.handler.OffsetFetchHandler;
import io.tributary.coordinator.handler.SyncGroupHandler;
import io.tributary.protocol.ApiRegistry;

/**
 * The coordinator's group APIs. The "any node" APIs (Metadata, FindCoordinator, DescribeCluster) are added by
 * whoever wires the service, on the same registry.
 */
public final class CoordinatorApis {

    private CoordinatorApis() {
    }

    /** A new registry with the group APIs. */
    public static ApiRegistry registry(GroupCoordinator coordinator) {
        return register(new ApiRegistry(), coordinator);
    }

    /**
     * Registers the group APIs on {@code registry}. OffsetCommit and OffsetFetch stop at v9: v10 identifies topics
     * by id only, which Tributary does not have yet.
     */
    public static ApiRegistry register(ApiRegistry registry, GroupCoordinator coordinator) {
        return registry
                .register(ApiKeys.JOIN_GROUP, new JoinGroupHandler(coordinator))
                .register(ApiKeys.SYNC_GROUP, new SyncGroupHandler(coordinator))
                .register(ApiKeys.HEARTBEAT, new HeartbeatHandler(coordinator))
                .register(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(coordinator))
                .register(ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_COMMIT.oldestVersion(), (short) 9, new OffsetCommitHandler(coordinator))
                .register(ApiKeys.OFFSET_FETCH, ApiKeys.OFFSET_FETCH.oldestVersion(), (short) 9, new OffsetFetchHandler(coordinator))
                .register(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(coordinator))
                .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler(coordinator))
                .register(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(coordinator))
                .register(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(coordinator))
                .register(ApiKeys.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(coordinator));
    }
}

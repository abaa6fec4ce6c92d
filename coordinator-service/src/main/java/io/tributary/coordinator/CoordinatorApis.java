package io.tributary.coordinator;

import java.util.EnumMap;
import java.util.Map;

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
import io.tributary.protocol.ApiHandler;

/**
 * The coordinator's own group APIs. The "any node" APIs (Metadata, FindCoordinator, DescribeCluster, …) come from
 * node-core's {@code ClusterApis}, and the versions of each from its {@code ClusterApiCatalog}.
 */
public final class CoordinatorApis {

    private CoordinatorApis() {
    }

    public static Map<ApiKeys, ApiHandler> handlers(GroupCoordinator coordinator) {
        Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
        handlers.put(ApiKeys.JOIN_GROUP, new JoinGroupHandler(coordinator));
        handlers.put(ApiKeys.SYNC_GROUP, new SyncGroupHandler(coordinator));
        handlers.put(ApiKeys.HEARTBEAT, new HeartbeatHandler(coordinator));
        handlers.put(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(coordinator));
        handlers.put(ApiKeys.OFFSET_COMMIT, new OffsetCommitHandler(coordinator));
        handlers.put(ApiKeys.OFFSET_FETCH, new OffsetFetchHandler(coordinator));
        handlers.put(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(coordinator));
        handlers.put(ApiKeys.LIST_GROUPS, new ListGroupsHandler(coordinator));
        handlers.put(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(coordinator));
        handlers.put(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(coordinator));
        handlers.put(ApiKeys.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(coordinator));
        return handlers;
    }
}

package io.tributary.coordinator.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tributary.coordinator.CoordinatorApis;
import io.tributary.coordinator.group.GroupConfig;
import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.coordinator.group.Scheduler;
import io.tributary.coordinator.log.CoordinatorLog;
import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.node.api.ClusterApiCatalog;
import io.tributary.node.api.NodeRole;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** Through the registry, at every registered version: every answer must encode at the version asked. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CoordinatorHandlersTest {

    private final CoordinatorLog log = new CoordinatorLog() {
        @Override
        public int partitionCount() {
            return 1;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    };
    private final Scheduler neverFires = (delay, task) -> () -> { };
    private final GroupCoordinator coordinator = new GroupCoordinator(
            GroupConfig.defaults().withInitialRebalanceDelay(Duration.ZERO), log, tp -> true, Clock.systemUTC(), neverFires);
    private final Map<ApiKeys, ApiHandler> handlers = CoordinatorApis.handlers(coordinator);

    private ApiMessage call(ApiKeys key, short version, ApiMessage request) {
        RequestContext context = new RequestContext(new RequestHeader(key, version, "client", 1),
                new InetSocketAddress("127.0.0.1", 50000), "c-1");
        ApiMessage response = handlers.get(key).handle(context, request).join();
        assertThatCode(() -> MessageUtil.toVersionPrefixedBytes(version, response)).as("%s v%d", key, version)
                .doesNotThrowAnyException();
        return response;
    }

    @Test
    void suppliesEveryGroupApiTheCatalogGivesCoordinators() {
        assertThat(handlers).containsOnlyKeys(ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT,
                ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.LIST_GROUPS,
                ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE, ApiKeys.CONSUMER_GROUP_DESCRIBE);
        assertThat(ClusterApiCatalog.servedBy(NodeRole.COORDINATOR)).containsAll(handlers.keySet());
    }

    @Test
    void everyVersionEncodes() {
        coordinator.loading(0);
        for (short v = ApiKeys.JOIN_GROUP.oldestVersion(); v <= ApiKeys.JOIN_GROUP.latestVersion(); v++) {
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("g" + v).setSessionTimeoutMs(10_000)
                    .setProtocolType("consumer").setMemberId("");
            join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[1]));
            call(ApiKeys.JOIN_GROUP, v, join); // COORDINATOR_LOAD_IN_PROGRESS, protocol name null below v7
        }
        coordinator.loaded(0, List.of());
        for (short v = ApiKeys.LEAVE_GROUP.oldestVersion(); v <= ApiKeys.LEAVE_GROUP.latestVersion(); v++) {
            LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId("g");
            if (v >= 3) {
                leave.members().add(new LeaveGroupRequestData.MemberIdentity().setMemberId("m"));
            } else {
                leave.setMemberId("m");
            }
            call(ApiKeys.LEAVE_GROUP, v, leave);
        }
        for (short v = 2; v <= 9; v++) {
            OffsetCommitRequestData commit = new OffsetCommitRequestData().setGroupId("admin").setGenerationIdOrMemberEpoch(-1);
            commit.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(v))));
            call(ApiKeys.OFFSET_COMMIT, v, commit);
        }
        for (short v = 1; v <= 9; v++) {
            OffsetFetchRequestData fetch = new OffsetFetchRequestData();
            if (v >= 8) {
                fetch.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("admin").setTopics(null));
            } else {
                fetch.setGroupId("admin").setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                        .setName("t").setPartitionIndexes(List.of(0, 1))));
            }
            OffsetFetchResponseData response = (OffsetFetchResponseData) call(ApiKeys.OFFSET_FETCH, v, fetch);
            long offset = v >= 8 ? response.groups().get(0).topics().get(0).partitions().get(0).committedOffset()
                    : response.topics().get(0).partitions().get(0).committedOffset();
            assertThat(offset).isEqualTo(9);
        }
        for (short v = 0; v <= ApiKeys.DESCRIBE_GROUPS.latestVersion(); v++) {
            call(ApiKeys.DESCRIBE_GROUPS, v, new DescribeGroupsRequestData().setGroups(List.of("admin", "unknown")));
        }
        assertThat(Errors.NONE.code()).isZero();
    }
}

package io.tributary.node.api;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.protocol.ApiKeys;

import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.ApiRegistry;

/**
 * The one place that says which Kafka APIs the cluster serves, at which versions, and which kind of node serves
 * each. Every node advertises this whole catalog in ApiVersions, so all nodes answer ApiVersions identically: a
 * client that takes the versions of its bootstrap node for every node (as several non-Java clients do) can still
 * talk to each. A node answers an API it does not serve itself with the error Kafka uses to send a client to the
 * right node ({@link Rerouting}), never with UNSUPPORTED_VERSION.
 *
 * <pre>
 *  every node     Metadata, DescribeCluster, DescribeTopicPartitions, FindCoordinator, InitProducerId,
 *                 CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs, IncrementalAlterConfigs,
 *                 ListGroups (a broker lists no groups)
 *  brokers        Produce, Fetch, ListOffsets, DeleteRecords, OffsetsForLeaderEpoch
 *                                                 elsewhere: NOT_LEADER_OR_FOLLOWER per partition
 *                 DescribeLogDirs                 elsewhere: one empty log directory (a coordinator stores no partition)
 *                 ElectLeaders (answered by the controller)    elsewhere: NOT_CONTROLLER
 *  coordinators   JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, OffsetDelete,
 *                 DescribeGroups, DeleteGroups, ConsumerGroupDescribe          elsewhere: NOT_COORDINATOR
 * </pre>
 * ApiVersions itself is built into the protocol server.
 */
public final class ClusterApiCatalog {

    /** OffsetCommit and OffsetFetch v10 identify topics by id only, which the coordinator does not map yet. */
    private static final short OFFSETS_MAX_VERSION = 9;

    private static final Set<NodeRole> EVERY_NODE = EnumSet.allOf(NodeRole.class);
    private static final Set<NodeRole> BROKERS = EnumSet.of(NodeRole.BROKER);
    private static final Set<NodeRole> COORDINATORS = EnumSet.of(NodeRole.COORDINATOR);

    private static final Map<ApiKeys, Entry> ENTRIES = entries();

    private ClusterApiCatalog() {
    }

    /** One API of the catalog: its versions, inclusive, and the kinds of node that serve it themselves. */
    private record Entry(ApiKeys key, short minVersion, short maxVersion, Set<NodeRole> servedBy) {
    }

    /** The APIs a node of this kind must supply handlers for. */
    public static Set<ApiKeys> servedBy(NodeRole role) {
        Set<ApiKeys> keys = EnumSet.noneOf(ApiKeys.class);
        ENTRIES.values().stream().filter(entry -> entry.servedBy().contains(role)).forEach(entry -> keys.add(entry.key()));
        return keys;
    }

    /**
     * The dispatch table of a node of this kind: its own handlers for what it serves, a re-routing answer for every
     * other API of the catalog, each at the catalog's versions.
     *
     * @param handlers exactly the APIs {@link #servedBy} the role
     * @throws IllegalArgumentException naming the APIs missing from {@code handlers}, or given but not this role's
     */
    public static ApiRegistry registry(NodeRole role, int nodeId, Map<ApiKeys, ApiHandler> handlers) {
        Set<ApiKeys> expected = servedBy(role);
        if (!handlers.keySet().equals(expected)) {
            Set<String> missing = names(expected);
            missing.removeAll(names(handlers.keySet()));
            Set<String> extra = names(handlers.keySet());
            extra.removeAll(names(expected));
            throw new IllegalArgumentException("A " + role + " serves exactly the catalog's " + role + " APIs; missing "
                    + missing + ", not its own " + extra);
        }
        ApiRegistry registry = new ApiRegistry();
        ENTRIES.values().forEach(entry -> registry.register(entry.key(), entry.minVersion(), entry.maxVersion(),
                entry.servedBy().contains(role) ? handlers.get(entry.key())
                        : Rerouting.handler(entry.key(), entry.servedBy(), role, nodeId)));
        return registry;
    }

    private static Set<String> names(Set<ApiKeys> keys) {
        Set<String> names = new TreeSet<>();
        keys.forEach(key -> names.add(key.name));
        return names;
    }

    private static Map<ApiKeys, Entry> entries() {
        Map<ApiKeys, Entry> entries = new LinkedHashMap<>();
        for (ApiKeys key : new ApiKeys[] {ApiKeys.METADATA, ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                ApiKeys.FIND_COORDINATOR, ApiKeys.INIT_PRODUCER_ID, ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS,
                ApiKeys.CREATE_PARTITIONS, ApiKeys.DESCRIBE_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                ApiKeys.LIST_GROUPS}) {
            add(entries, key, EVERY_NODE);
        }
        for (ApiKeys key : new ApiKeys[] {ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.DELETE_RECORDS,
                ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.ELECT_LEADERS, ApiKeys.DESCRIBE_LOG_DIRS}) {
            add(entries, key, BROKERS);
        }
        for (ApiKeys key : new ApiKeys[] {ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT,
                ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_DELETE, ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS,
                ApiKeys.CONSUMER_GROUP_DESCRIBE}) {
            add(entries, key, COORDINATORS);
        }
        add(entries, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_COMMIT.oldestVersion(), OFFSETS_MAX_VERSION, COORDINATORS);
        add(entries, ApiKeys.OFFSET_FETCH, ApiKeys.OFFSET_FETCH.oldestVersion(), OFFSETS_MAX_VERSION, COORDINATORS);
        return Map.copyOf(entries);
    }

    /** Every stable version this kafka-clients jar knows. */
    private static void add(Map<ApiKeys, Entry> entries, ApiKeys key, Set<NodeRole> servedBy) {
        add(entries, key, key.oldestVersion(), key.latestVersion(false), servedBy);
    }

    private static void add(Map<ApiKeys, Entry> entries, ApiKeys key, short minVersion, short maxVersion,
            Set<NodeRole> servedBy) {
        entries.put(key, new Entry(key, minVersion, maxVersion, servedBy));
    }
}

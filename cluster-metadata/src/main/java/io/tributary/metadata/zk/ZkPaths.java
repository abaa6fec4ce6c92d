package io.tributary.metadata.zk;

import java.util.Optional;

/**
 * Every path of the Tributary layout, relative to the chroot (the Curator namespace):
 *
 * <pre>
 * /brokers/ids/{id}                    ephemeral  {host, port, rack, startedAt, shuttingDown}
 * /coordinators/ids/{id}               ephemeral  {host, port}
 * /coordinators/owners/{p}             ephemeral  {coordinatorId}  owner of __consumer_offsets partition p
 * /controller                          LeaderLatch participants
 * /controller_epoch                    persistent epoch (JSON number)
 * /topics/{name}                       persistent {topicId, replicas, configs}
 * /topics/{name}/partitions/{p}/state  persistent {leader, leaderEpoch, isr, controllerEpoch}
 * /admin/delete_topics/{name}          persistent {topicId}
 * /producer_id_block                   persistent {assignedBrokerId, firstProducerId, size}
 * /config/cluster                      persistent {configs}   (reserved: cluster-wide defaults, not written yet)
 * /cluster/id                          persistent {id}
 * </pre>
 */
public final class ZkPaths {

    public static final String BROKER_IDS = "/brokers/ids";
    public static final String COORDINATORS = "/coordinators";
    public static final String COORDINATOR_IDS = COORDINATORS + "/ids";
    public static final String OFFSETS_PARTITION_OWNERS = COORDINATORS + "/owners";
    public static final String CONTROLLER = "/controller";
    public static final String CONTROLLER_EPOCH = "/controller_epoch";
    public static final String TOPICS = "/topics";
    public static final String DELETE_TOPICS = "/admin/delete_topics";
    public static final String PRODUCER_ID_BLOCK = "/producer_id_block";
    public static final String CLUSTER_ID = "/cluster/id";

    private static final String PARTITIONS = "partitions";
    private static final String STATE = "state";

    private ZkPaths() {
    }

    public static String broker(int id) {
        return BROKER_IDS + "/" + id;
    }

    public static String coordinator(int id) {
        return COORDINATOR_IDS + "/" + id;
    }

    /** The ephemeral node naming the coordinator that owns partition {@code partition} of {@code __consumer_offsets}. */
    public static String offsetsPartitionOwner(int partition) {
        return OFFSETS_PARTITION_OWNERS + "/" + partition;
    }

    public static String topic(String name) {
        return TOPICS + "/" + name;
    }

    public static String partitions(String topic) {
        return topic(topic) + "/" + PARTITIONS;
    }

    public static String partition(String topic, int partition) {
        return partitions(topic) + "/" + partition;
    }

    public static String partitionState(String topic, int partition) {
        return partition(topic, partition) + "/" + STATE;
    }

    public static String deleteMarker(String topic) {
        return DELETE_TOPICS + "/" + topic;
    }

    /** The last segment of a path: the broker id, topic name, … of a child node. */
    public static String nodeName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** What a path below {@link #TOPICS} designates: a topic node, a partition state, or neither. */
    public record TopicPath(String topic, int partition) {

        public static final int TOPIC_NODE = -1;

        public boolean isTopicNode() {
            return partition == TOPIC_NODE;
        }

        public static Optional<TopicPath> parse(String path) {
            if (!path.startsWith(TOPICS + "/")) {
                return Optional.empty();
            }
            String[] segments = path.substring(TOPICS.length() + 1).split("/");
            if (segments.length == 1) {
                return Optional.of(new TopicPath(segments[0], TOPIC_NODE));
            }
            if (segments.length == 4 && segments[1].equals(PARTITIONS) && segments[3].equals(STATE)) {
                try {
                    return Optional.of(new TopicPath(segments[0], Integer.parseInt(segments[2])));
                } catch (NumberFormatException notAPartition) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    }
}

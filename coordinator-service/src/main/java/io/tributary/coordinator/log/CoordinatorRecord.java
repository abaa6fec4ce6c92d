package io.tributary.coordinator.log;

import java.util.List;

/**
 * What the coordinator keeps in {@code __consumer_offsets}: the latest record per key wins (the topic is compacted),
 * and a tombstone removes the key. Keys are (group, topic, partition) for offsets and (group) for group metadata.
 */
public sealed interface CoordinatorRecord {

    String group();

    record OffsetCommit(String group, String topic, int partition, long offset, int leaderEpoch, String metadata,
                        long commitTimestamp) implements CoordinatorRecord {
    }

    record OffsetTombstone(String group, String topic, int partition) implements CoordinatorRecord {
    }

    /** The state of a group after a completed rebalance (and when it becomes Empty). */
    record GroupMetadata(String group, String protocolType, int generation, String protocolName, String leader,
                         long currentStateTimestamp, List<Member> members) implements CoordinatorRecord {
    }

    record GroupTombstone(String group) implements CoordinatorRecord {
    }

    record Member(String memberId, String groupInstanceId, String clientId, String clientHost, int rebalanceTimeoutMs,
                  int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }
}

package io.tributary.broker.partition;

import io.tributary.metadata.topic.PartitionState;

/**
 * Told when this broker's role for one of its partitions changes: the leader or the leader epoch in ZooKeeper moved,
 * or the partition's replica here was created or is going away. Replication hangs its leader and follower state on
 * these calls. Calls for one partition come in order, from the metadata thread; implementations must not block it.
 */
public interface LeadershipListener {

    /** This broker leads the partition at {@code state.leaderEpoch()}, from now until the next call. */
    void becameLeader(Partition partition, PartitionState state);

    /** Another broker leads the partition ({@code state.leader()}, or -1 while it has no leader). */
    void becameFollower(Partition partition, PartitionState state);

    /** The replica is leaving this broker (topic deleted, or replaced by a recreated topic of the same name). */
    default void removed(Partition partition) {
    }
}

package io.tributary.metadata.coordinator;

/**
 * The owner of a partition of {@code __consumer_offsets} and the epoch of its claim: the creation zxid (czxid) of
 * the ephemeral {@code /coordinators/owners/{p}}. ZooKeeper gives every create a larger zxid than any before it, so
 * each claim of a partition has a larger epoch than every earlier claim of it, with no counter to keep: a write
 * stamped with an older epoch comes from an owner that has since lost the partition.
 */
public record OffsetsPartitionOwner(int coordinatorId, long epoch) {
}

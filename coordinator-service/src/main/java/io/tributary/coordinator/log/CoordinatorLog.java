package io.tributary.coordinator.log;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the group coordinator persists its records: one partition of {@code __consumer_offsets} per group
 * ({@link #partitionFor(String)}). An append completes only when the records are acknowledged by the brokers with
 * {@code acks=all}; the coordinator answers a client only after that.
 */
public interface CoordinatorLog {

    int partitionCount();

    /** Kafka's rule: the non-negative hash of the group id modulo the partition count. */
    default int partitionFor(String groupId) {
        int hash = groupId.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitionCount();
    }

    CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records);
}

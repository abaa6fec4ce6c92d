package io.tributary.coordinator.log;

import java.util.List;

/**
 * Told when this coordinator instance gains or loses a partition of {@code __consumer_offsets}. Between
 * {@link #loading} and {@link #loaded} the groups of that partition are answered with COORDINATOR_LOAD_IN_PROGRESS;
 * after {@link #unloaded} with NOT_COORDINATOR.
 */
public interface PartitionLoadListener {

    void loading(int partition);

    /** @param replayed every record of the partition in log order (the latest per key wins) */
    void loaded(int partition, List<CoordinatorRecord> replayed);

    void unloaded(int partition);
}

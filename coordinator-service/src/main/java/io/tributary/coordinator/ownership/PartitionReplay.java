package io.tributary.coordinator.ownership;

import io.tributary.coordinator.log.CoordinatorRecord;
import java.util.List;

/** Reads a claimed partition of {@code __consumer_offsets} back (in production: {@code ConsumerOffsetsLog::replay}). */
@FunctionalInterface
public interface PartitionReplay {

    /**
     * @return the partition's records, the latest per key, in log order
     * @throws RuntimeException if the partition cannot be read now; the caller retries
     */
    List<CoordinatorRecord> replay(int partition);
}

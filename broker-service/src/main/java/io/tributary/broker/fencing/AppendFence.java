package io.tributary.broker.fencing;

import java.util.Optional;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.record.internal.MemoryRecords;

/** A check a produce request passes before its records are appended to a partition. */
@FunctionalInterface
public interface AppendFence {

    /** Lets everything through. */
    AppendFence NONE = (topic, partition, records) -> Optional.empty();

    /** @return the error that refuses the records, or empty to let them be appended */
    Optional<ApiException> check(String topic, int partition, MemoryRecords records);
}

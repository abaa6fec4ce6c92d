package io.tributary.broker.log;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * Writes the offset checkpoint files of one log directory ({@link OffsetCheckpointFile}) from the logs in it: recovery
 * points, log start offsets, high watermarks, and how far each compacted log is cleaned. A directory whose checkpoint
 * cannot be written goes offline through its failure funnel; the caller goes on with the other directories.
 */
final class LogDirCheckpoints {

    private final LogDirectory dir;
    private final Collection<PartitionLog> logs;

    /** @param logs every log of the broker: those of other directories are left out */
    LogDirCheckpoints(LogDirectory dir, Collection<PartitionLog> logs) {
        this.dir = dir;
        this.logs = logs;
    }

    void writeOffsets() {
        write(LogFileNames.RECOVERY_POINT_CHECKPOINT, log -> true, PartitionLog::recoveryPoint);
        write(LogFileNames.LOG_START_OFFSET_CHECKPOINT, log -> true, PartitionLog::logStartOffset);
        write(LogFileNames.HIGH_WATERMARK_CHECKPOINT, log -> true, PartitionLog::highWatermark);
    }

    void writeCleanerOffsets() {
        write(LogFileNames.CLEANER_OFFSET_CHECKPOINT, log -> log.config().compactEnabled(), PartitionLog::cleanerCheckpoint);
    }

    private void write(String name, Predicate<PartitionLog> included, ToLongFunction<PartitionLog> offset) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (PartitionLog log : logs) {
            if (log.logDirectory() == dir && included.test(log)) {
                offsets.put(log.topicPartition(), offset.applyAsLong(log));
            }
        }
        try {
            dir.guard("writing checkpoint " + name + " of", dir.path(),
                    () -> OffsetCheckpointFile.write(dir.io(), dir.path().resolve(name), offsets));
        } catch (KafkaStorageException e) {
            // the directory is offline now; its partitions report it, and the other directories still get theirs
        }
    }
}

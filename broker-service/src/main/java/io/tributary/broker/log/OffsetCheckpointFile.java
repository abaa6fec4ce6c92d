package io.tributary.broker.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-log-directory file of one offset per partition, in Kafka's text format:
 *
 * <pre>
 * 0                 version
 * 2                 number of entries
 * orders 0 1234     topic, partition, offset
 * orders 1 987
 * </pre>
 *
 * Written as a {@link CheckpointFile}. A missing file reads as empty; so does a
 * malformed one, with a warning: every use of these offsets is safe when they are unknown (recovery re-validates
 * more, the log start comes from the first segment).
 */
final class OffsetCheckpointFile {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCheckpointFile.class);

    private OffsetCheckpointFile() {
    }

    static void write(StorageIo io, Path file, Map<TopicPartition, Long> offsets) {
        List<String> entries = new ArrayList<>(offsets.size());
        offsets.forEach((tp, offset) -> entries.add(tp.topic() + " " + tp.partition() + " " + offset));
        CheckpointFile.write(io, file, "checkpoint", entries);
    }

    static Map<TopicPartition, Long> read(Path file) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (String[] fields : CheckpointFile.read(file, "checkpoint", 3, Integer.MAX_VALUE).orElse(List.of())) {
                offsets.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
            }
            return offsets;
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring malformed checkpoint file {}: {}", file, e.getMessage());
            return Map.of();
        }
    }
}

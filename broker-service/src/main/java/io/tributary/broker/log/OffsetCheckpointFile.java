package io.tributary.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
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
 * Written to a temporary file, fsynced and moved into place. A missing file reads as empty; so does a
 * malformed one, with a warning: every use of these offsets is safe when they are unknown (recovery re-validates
 * more, the log start comes from the first segment).
 */
final class OffsetCheckpointFile {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCheckpointFile.class);
    private static final int VERSION = 0;

    private OffsetCheckpointFile() {
    }

    static void write(StorageIo io, Path file, Map<TopicPartition, Long> offsets) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(offsets.size()).append('\n');
        offsets.forEach((tp, offset) -> text.append(tp.topic()).append(' ').append(tp.partition()).append(' ').append(offset).append('\n'));
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        Path temp = file.resolveSibling(file.getFileName() + LogFileNames.TEMP_SUFFIX);
        StorageErrors.run("writing checkpoint", file, () -> {
            try (FileChannel channel = io.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Utils.atomicMoveWithFallback(temp, file);
        });
    }

    static Map<TopicPartition, Long> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw StorageErrors.wrap("reading checkpoint", file, e);
        }
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new IllegalArgumentException("unknown version or missing header");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (lines.size() - 2 != count) {
                throw new IllegalArgumentException("expected " + count + " entries, found " + (lines.size() - 2));
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (String line : lines.subList(2, lines.size())) {
                String[] fields = line.trim().split(" ");
                if (fields.length != 3) {
                    throw new IllegalArgumentException("malformed line '" + line + "'");
                }
                offsets.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
            }
            return offsets;
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring malformed checkpoint file {}: {}", file, e.getMessage());
            return Map.of();
        }
    }
}

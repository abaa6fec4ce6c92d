package io.tributary.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's {@code leader-epoch-checkpoint}, in Kafka's text format:
 *
 * <pre>
 * 0          version
 * 2          number of entries
 * 0 0        epoch, start offset
 * 3 1500
 * </pre>
 *
 * Written to a temporary file, fsynced and moved into place, so that a crash leaves either the old or the new file.
 * A missing or malformed file reads as absent: the cache is then rebuilt from the batches, which carry their epochs.
 */
final class LeaderEpochCheckpointFile {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderEpochCheckpointFile.class);
    private static final int VERSION = 0;
    /** A partition has at most one entry per leader epoch; more lines than this are not a file we wrote. */
    private static final int MAX_ENTRIES = 1_000_000;

    private LeaderEpochCheckpointFile() {
    }

    static void write(StorageIo io, Path file, List<EpochEntry> entries) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(entries.size()).append('\n');
        entries.forEach(entry -> text.append(entry.epoch()).append(' ').append(entry.startOffset()).append('\n'));
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        Path temp = file.resolveSibling(file.getFileName() + LogFileNames.TEMP_SUFFIX);
        StorageErrors.run("writing leader epoch checkpoint", file, () -> {
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

    /** The entries in file order; empty if the file is missing or malformed. */
    static Optional<List<EpochEntry>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageErrors.wrap("reading leader epoch checkpoint", file, e);
        }
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new IllegalArgumentException("unknown version or missing header");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count < 0 || count > MAX_ENTRIES || lines.size() - 2 != count) {
                throw new IllegalArgumentException("expected " + count + " entries, found " + (lines.size() - 2));
            }
            List<EpochEntry> entries = new ArrayList<>(count);
            for (String line : lines.subList(2, lines.size())) {
                String[] fields = line.trim().split(" ");
                if (fields.length != 2) {
                    throw new IllegalArgumentException("malformed line '" + line + "'");
                }
                EpochEntry entry = new EpochEntry(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
                if (entry.epoch() < 0 || entry.startOffset() < 0) {
                    throw new IllegalArgumentException("negative epoch or offset in '" + line + "'");
                }
                entries.add(entry);
            }
            return Optional.of(entries);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring malformed leader epoch checkpoint {}: {}; rebuilding it from the log", file, e.getMessage());
            return Optional.empty();
        }
    }
}

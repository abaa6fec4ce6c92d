package io.tributary.broker.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * Written as a {@link CheckpointFile}, so that a crash leaves either the old or the new file.
 * A missing or malformed file reads as absent: the cache is then rebuilt from the batches, which carry their epochs.
 */
final class LeaderEpochCheckpointFile {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderEpochCheckpointFile.class);
    /** A partition has at most one entry per leader epoch; more lines than this are not a file we wrote. */
    private static final int MAX_ENTRIES = 1_000_000;

    private LeaderEpochCheckpointFile() {
    }

    static void write(StorageIo io, Path file, List<EpochEntry> entries) {
        CheckpointFile.write(io, file, "leader epoch checkpoint",
                entries.stream().map(entry -> entry.epoch() + " " + entry.startOffset()).toList());
    }

    /** The entries in file order; empty if the file is missing or malformed. */
    static Optional<List<EpochEntry>> read(Path file) {
        try {
            Optional<List<String[]>> lines = CheckpointFile.read(file, "leader epoch checkpoint", 2, MAX_ENTRIES);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            List<EpochEntry> entries = new ArrayList<>(lines.get().size());
            for (String[] fields : lines.get()) {
                EpochEntry entry = new EpochEntry(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
                if (entry.epoch() < 0 || entry.startOffset() < 0) {
                    throw new IllegalArgumentException("negative epoch or offset in '" + String.join(" ", fields) + "'");
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

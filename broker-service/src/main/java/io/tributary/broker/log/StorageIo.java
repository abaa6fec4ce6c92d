package io.tributary.broker.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The writes and syncs storage makes, in one seam: production performs them as written here; a test substitutes
 * an implementation that fails some of them on the real files (a full disk, a failed fsync, a partial write).
 * Segment logs are written through kafka-clients' {@link FileRecords}, which owns its channel, hence the two
 * methods for them; everything else storage writes (indexes, checkpoints) opens its channel here.
 */
public interface StorageIo {

    /** The real thing. */
    StorageIo DEFAULT = new StorageIo() {
    };

    /** Appends {@code records} to the end of a segment's log file, as {@link FileRecords#append} does. */
    default int append(FileRecords log, MemoryRecords records) throws IOException {
        return log.append(records);
    }

    /** Forces a segment's log file to disk. */
    default void flush(FileRecords log) throws IOException {
        log.flush();
    }

    /** Opens a channel on a file storage writes itself. */
    default FileChannel open(Path file, OpenOption... options) throws IOException {
        return FileChannel.open(file, options);
    }
}

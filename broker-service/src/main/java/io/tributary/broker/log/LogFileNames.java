package io.tributary.broker.log;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;

/**
 * Every name the storage engine gives to a file or directory, in Kafka's layout, so that Kafka's own
 * tools (kafka-dump-log.sh, …) and operators' habits work on a Tributary log directory:
 *
 * <pre>
 * &lt;logDir&gt;/.kafka_cleanshutdown                  present only between a clean shutdown and the next startup
 * &lt;logDir&gt;/recovery-point-offset-checkpoint
 * &lt;logDir&gt;/log-start-offset-checkpoint
 * &lt;logDir&gt;/replication-offset-checkpoint          high watermarks
 * &lt;logDir&gt;/cleaner-offset-checkpoint              first offset each compacted partition's cleaner has not cleaned
 * &lt;logDir&gt;/&lt;topic&gt;-&lt;partition&gt;/00000000000000000000.log|.index|.timeindex
 * &lt;logDir&gt;/&lt;topic&gt;-&lt;partition&gt;/partition.metadata              the id of the topic the log belongs to
 * &lt;logDir&gt;/&lt;topic&gt;-&lt;partition&gt;/leader-epoch-checkpoint         the offset each leader epoch started at
 * &lt;logDir&gt;/&lt;topic&gt;-&lt;partition&gt;/00000000000000001234.snapshot   producer state at offset 1234
 * &lt;logDir&gt;/&lt;topic&gt;-&lt;partition&gt;/00000000000000000000.log.cleaned  a segment the cleaner is writing (uncommitted)
 * &lt;logDir&gt;/&lt;topic&gt;-&lt;partition&gt;/00000000000000000000.log.swap     a cleaned segment committed to replace the originals
 * &lt;logDir&gt;/&lt;topic&gt;-&lt;partition&gt;.&lt;uuid&gt;-delete           a partition being deleted
 * </pre>
 */
public final class LogFileNames {

    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final String SNAPSHOT_SUFFIX = ".snapshot";
    /** Files written beside their final name, then moved into place; leftovers are from a crash. */
    public static final String TEMP_SUFFIX = ".tmp";
    public static final String DELETE_DIR_SUFFIX = "-delete";
    /** Appended to the files of a segment the cleaner is still writing: a leftover one is deleted at startup. */
    public static final String CLEANED_SUFFIX = ".cleaned";
    /**
     * Appended to the files of a cleaned segment once it is committed to replace the segments in its offset range:
     * a leftover one replaces them at startup.
     */
    public static final String SWAP_SUFFIX = ".swap";

    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    public static final String HIGH_WATERMARK_CHECKPOINT = "replication-offset-checkpoint";
    public static final String CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";
    public static final String PARTITION_METADATA_FILE = "partition.metadata";
    public static final String LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";

    private LogFileNames() {
    }

    /** The 20-digit zero-padded offset that starts every segment and snapshot file name. */
    public static String offsetPrefix(long offset) {
        return String.format("%020d", offset);
    }

    public static Path logFile(Path partitionDir, long baseOffset) {
        return partitionDir.resolve(offsetPrefix(baseOffset) + LOG_SUFFIX);
    }

    public static Path offsetIndexFile(Path partitionDir, long baseOffset) {
        return partitionDir.resolve(offsetPrefix(baseOffset) + INDEX_SUFFIX);
    }

    public static Path timeIndexFile(Path partitionDir, long baseOffset) {
        return partitionDir.resolve(offsetPrefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    public static Path snapshotFile(Path partitionDir, long offset) {
        return partitionDir.resolve(offsetPrefix(offset) + SNAPSHOT_SUFFIX);
    }

    /** The offset a segment or snapshot file name starts with, if the name has the given suffix. */
    public static OptionalLong offsetFromFileName(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix)) {
            return OptionalLong.empty();
        }
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    /** {@code file} with {@code suffix} appended to its name ({@code .cleaned}, {@code .swap}). */
    public static Path withSuffix(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** {@code file} without {@code suffix}, which its name must end with. */
    public static Path withoutSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix)) {
            throw new IllegalArgumentException(file + " does not end with " + suffix);
        }
        return file.resolveSibling(name.substring(0, name.length() - suffix.length()));
    }

    public static String partitionDirName(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** Topic names may contain dashes, so the partition is what follows the last one. */
    public static Optional<TopicPartition> parsePartitionDirName(String dirName) {
        int dash = dirName.lastIndexOf('-');
        if (dash <= 0 || dash == dirName.length() - 1 || dirName.endsWith(DELETE_DIR_SUFFIX)) {
            return Optional.empty();
        }
        String partition = dirName.substring(dash + 1);
        if (!partition.chars().allMatch(Character::isDigit) || partition.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartition(dirName.substring(0, dash), Integer.parseInt(partition)));
    }

    /** A unique name for a directory about to be removed, so a crash mid-delete never leaves a half partition behind. */
    public static String deleteDirName(String partitionDirName) {
        return partitionDirName + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX;
    }

    public static boolean isDeleteDir(String dirName) {
        return dirName.endsWith(DELETE_DIR_SUFFIX);
    }
}

package io.tributary.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Utils;

/**
 * The {@code partition.metadata} file of a partition directory: the id of the topic its log belongs to, in Kafka's
 * format, so that a log left behind by a deleted topic is never taken for the log of a new topic of the same name:
 *
 * <pre>
 * version: 0
 * topic_id: &lt;the topic id in Kafka's base64 form&gt;
 * </pre>
 *
 * Written to a temporary file, fsynced and moved into place, so a crash leaves the old file or the new one.
 */
final class PartitionMetadataFile {

    private static final int VERSION = 0;
    private static final String VERSION_KEY = "version: ";
    private static final String TOPIC_ID_KEY = "topic_id: ";
    /** Far more than the two lines need: a larger file is not ours and is not read. */
    private static final long MAX_BYTES = 1024;

    private PartitionMetadataFile() {
    }

    /**
     * The topic id recorded in {@code partitionDir}, empty when none is (a log written before ids were recorded).
     *
     * @throws KafkaStorageException if the file cannot be read or is not in the format above
     */
    static Optional<Uuid> read(Path partitionDir) {
        Path file = partitionDir.resolve(LogFileNames.PARTITION_METADATA_FILE);
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw malformed(file, "it is over " + MAX_BYTES + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageErrors.wrap("reading", file, e);
        }
        if (lines.size() < 2 || !lines.get(0).equals(VERSION_KEY + VERSION) || !lines.get(1).startsWith(TOPIC_ID_KEY)) {
            throw malformed(file, "expected '" + VERSION_KEY + VERSION + "' and '" + TOPIC_ID_KEY + "<id>' lines");
        }
        try {
            return Optional.of(Uuid.fromString(lines.get(1).substring(TOPIC_ID_KEY.length()).trim()));
        } catch (IllegalArgumentException e) {
            throw malformed(file, e.getMessage());
        }
    }

    static void write(Path partitionDir, Uuid topicId) {
        Path file = partitionDir.resolve(LogFileNames.PARTITION_METADATA_FILE);
        Path temp = LogFileNames.withSuffix(file, LogFileNames.TEMP_SUFFIX);
        ByteBuffer content = ByteBuffer.wrap((VERSION_KEY + VERSION + "\n" + TOPIC_ID_KEY + topicId + "\n")
                .getBytes(StandardCharsets.UTF_8));
        StorageErrors.run("writing", file, () -> {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            Utils.atomicMoveWithFallback(temp, file);
        });
    }

    private static KafkaStorageException malformed(Path file, String why) {
        return new KafkaStorageException("Malformed partition metadata file " + file + ": " + why);
    }
}

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

/**
 * Kafka's checkpoint text format, which the offset checkpoints of a log directory and a partition's
 * {@code leader-epoch-checkpoint} share: a version line ({@code 0}), a count line, then one entry per line, its
 * fields separated by spaces. Written to a temporary file, fsynced and moved into place, so that a crash leaves either
 * the old or the new file.
 */
final class CheckpointFile {

    private static final int VERSION = 0;

    private CheckpointFile() {
    }

    /** @param what names the file in a storage error, e.g. "leader epoch checkpoint" */
    static void write(StorageIo io, Path file, String what, List<String> entries) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(entries.size()).append('\n');
        entries.forEach(entry -> text.append(entry).append('\n'));
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        Path temp = file.resolveSibling(file.getFileName() + LogFileNames.TEMP_SUFFIX);
        StorageErrors.run("writing " + what, file, () -> {
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

    /**
     * The fields of each entry, in file order; empty if the file is missing.
     *
     * @throws IllegalArgumentException if the file is not in the format: an unknown version, a count that is
     *                                  negative, above {@code maxEntries} or not the number of lines, or a line
     *                                  without {@code fieldsPerEntry} fields
     */
    static Optional<List<String[]>> read(Path file, String what, int fieldsPerEntry, int maxEntries) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageErrors.wrap("reading " + what, file, e);
        }
        if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
            throw new IllegalArgumentException("unknown version or missing header");
        }
        int count = Integer.parseInt(lines.get(1).trim());
        if (count < 0 || count > maxEntries || lines.size() - 2 != count) {
            throw new IllegalArgumentException("expected " + count + " entries, found " + (lines.size() - 2));
        }
        List<String[]> entries = new ArrayList<>(count);
        for (String line : lines.subList(2, lines.size())) {
            String[] fields = line.trim().split(" ");
            if (fields.length != fieldsPerEntry) {
                throw new IllegalArgumentException("malformed line '" + line + "'");
            }
            entries.add(fields);
        }
        return Optional.of(entries);
    }
}

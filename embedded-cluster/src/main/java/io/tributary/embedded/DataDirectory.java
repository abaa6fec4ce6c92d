package io.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes an embedded cluster's data directory, files before the directories holding them. */
final class DataDirectory {

    private DataDirectory() {
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(DataDirectory::deleteOne);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("Cannot delete the embedded Tributary's data in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

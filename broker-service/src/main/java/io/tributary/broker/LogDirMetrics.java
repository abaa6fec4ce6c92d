package io.tributary.broker;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.log.LogDirectory;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.log.PartitionLog;

/**
 * The catalog of the broker's log directory meters, Kafka's {@code LogDirectoryOffline},
 * {@code OfflineLogDirectoryCount} and {@code kafka.log:type=Log,name=Size} summed per directory, with the free and
 * total space of each directory's volume (what DescribeLogDirs tells):
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>{@value #OFFLINE}</td><td>gauge</td><td>dir</td><td>{@value #OFFLINE_HELP}</td></tr>
 * <tr><td>{@value #OFFLINE_COUNT}</td><td>gauge</td><td></td><td>{@value #OFFLINE_COUNT_HELP}</td></tr>
 * <tr><td>{@value #SIZE}</td><td>gauge (bytes)</td><td>dir</td><td>{@value #SIZE_HELP}</td></tr>
 * <tr><td>{@value #USABLE}</td><td>gauge (bytes)</td><td>dir</td><td>{@value #USABLE_HELP}</td></tr>
 * <tr><td>{@value #TOTAL}</td><td>gauge (bytes)</td><td>dir</td><td>{@value #TOTAL_HELP}</td></tr>
 * </table>
 * The {@code dir} tag is the directory's absolute path as configured in {@code log.dirs}. A scrape costs one
 * {@code statfs} per directory and a sum over the segments' in-memory sizes: no file is listed or read.
 */
final class LogDirMetrics {

    static final String OFFLINE = "tributary.log.dir.offline";
    static final String OFFLINE_HELP = "1 while the log directory is offline after a disk failure (its partitions answer "
            + "KAFKA_STORAGE_ERROR until the broker restarts), else 0";
    static final String OFFLINE_COUNT = "tributary.log.dirs.offline";
    static final String OFFLINE_COUNT_HELP = "Log directories offline after a disk failure";
    static final String SIZE = "tributary.log.dir.size";
    static final String SIZE_HELP = "Bytes of the partition logs' segments in the log directory";
    static final String USABLE = "tributary.log.dir.usable";
    static final String USABLE_HELP = "Bytes still free for the broker on the log directory's volume (NaN while the "
            + "directory is offline or the file system does not tell)";
    static final String TOTAL = "tributary.log.dir.total";
    static final String TOTAL_HELP = "Size in bytes of the log directory's volume (NaN while the directory is offline "
            + "or the file system does not tell)";
    static final String TAG_DIR = "dir";
    private static final String BYTES = "bytes";

    private LogDirMetrics() {
    }

    static void register(MeterRegistry registry, LogManager logs) {
        for (LogDirectory dir : logs.logDirectories()) {
            String path = dir.path().toString();
            Gauge.builder(OFFLINE, dir, d -> d.isOnline() ? 0 : 1)
                    .description(OFFLINE_HELP)
                    .tag(TAG_DIR, path)
                    .register(registry);
            Gauge.builder(SIZE, logs, all -> size(all, dir))
                    .description(SIZE_HELP).baseUnit(BYTES).tag(TAG_DIR, path).register(registry);
            Gauge.builder(USABLE, dir, d -> volume(d, FileStore::getUsableSpace))
                    .description(USABLE_HELP).baseUnit(BYTES).tag(TAG_DIR, path).register(registry);
            Gauge.builder(TOTAL, dir, d -> volume(d, FileStore::getTotalSpace))
                    .description(TOTAL_HELP).baseUnit(BYTES).tag(TAG_DIR, path).register(registry);
        }
        Gauge.builder(OFFLINE_COUNT, logs.logDirectories(), all -> all.stream().filter(d -> !d.isOnline()).count())
                .description(OFFLINE_COUNT_HELP)
                .register(registry);
    }

    private static double size(LogManager logs, LogDirectory dir) {
        long bytes = 0;
        for (PartitionLog log : logs.all()) {
            if (log.logDirectory() == dir) {
                bytes += log.size();
            }
        }
        return bytes;
    }

    private static double volume(LogDirectory dir, VolumeSpace space) {
        if (!dir.isOnline()) {
            return Double.NaN;
        }
        try {
            return space.applyAsLong(Files.getFileStore(dir.path()));
        } catch (IOException | SecurityException e) {
            return Double.NaN;
        }
    }

    /** One of a volume's sizes, which the file system may fail to tell. */
    @FunctionalInterface
    private interface VolumeSpace {
        long applyAsLong(FileStore store) throws IOException;
    }
}

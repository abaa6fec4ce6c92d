package io.tributary.broker;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.log.LogDirectory;

/**
 * The catalog of the broker's log directory meters, Kafka's {@code LogDirectoryOffline} and
 * {@code OfflineLogDirectoryCount}:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>{@value #OFFLINE}</td><td>gauge</td><td>dir</td><td>{@value #OFFLINE_HELP}</td></tr>
 * <tr><td>{@value #OFFLINE_COUNT}</td><td>gauge</td><td></td><td>{@value #OFFLINE_COUNT_HELP}</td></tr>
 * </table>
 * The {@code dir} tag is the directory's absolute path as configured in {@code log.dirs}.
 */
final class LogDirMetrics {

    static final String OFFLINE = "tributary.log.dir.offline";
    static final String OFFLINE_HELP = "1 while the log directory is offline after a disk failure (its partitions answer "
            + "KAFKA_STORAGE_ERROR until the broker restarts), else 0";
    static final String OFFLINE_COUNT = "tributary.log.dirs.offline";
    static final String OFFLINE_COUNT_HELP = "Log directories offline after a disk failure";
    static final String TAG_DIR = "dir";

    private LogDirMetrics() {
    }

    static void register(MeterRegistry registry, List<LogDirectory> dirs) {
        for (LogDirectory dir : dirs) {
            Gauge.builder(OFFLINE, dir, d -> d.isOnline() ? 0 : 1)
                    .description(OFFLINE_HELP)
                    .tag(TAG_DIR, dir.path().toString())
                    .register(registry);
        }
        Gauge.builder(OFFLINE_COUNT, dirs, all -> all.stream().filter(d -> !d.isOnline()).count())
                .description(OFFLINE_COUNT_HELP)
                .register(registry);
    }
}

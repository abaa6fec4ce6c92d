package io.tributary.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.tributary.broker.log.LogDirectory;

/**
 * The {@code logDirs} health component: each log directory as {@code online} or with the failure that took it
 * offline. It stays UP while any directory is online, because the broker goes on serving the partitions there, as
 * Kafka does: a readiness probe keeps it in service, and operators alert on the
 * {@value LogDirMetrics#OFFLINE_COUNT} gauge instead. It is DOWN once every directory is offline and the broker can
 * serve no partition at all, which a liveness probe may answer with the restart that brings directories back.
 */
final class LogDirsHealthIndicator implements HealthIndicator {

    private final Supplier<List<LogDirectory>> logDirectories;

    LogDirsHealthIndicator(Supplier<List<LogDirectory>> logDirectories) {
        this.logDirectories = logDirectories;
    }

    @Override
    public Health health() {
        List<LogDirectory> dirs = logDirectories.get();
        Map<String, String> states = new LinkedHashMap<>();
        boolean anyOnline = false;
        for (LogDirectory dir : dirs) {
            anyOnline |= dir.isOnline();
            states.put(dir.path().toString(), dir.offlineReason().map(reason -> "offline: " + reason).orElse("online"));
        }
        Health.Builder health = anyOnline ? Health.up() : Health.down();
        return health.withDetail("directories", states)
                .withDetail("offline", dirs.stream().filter(dir -> !dir.isOnline()).count())
                .build();
    }
}

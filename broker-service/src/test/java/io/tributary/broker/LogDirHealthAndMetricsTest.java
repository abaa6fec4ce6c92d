package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.log.CleanerConfig;
import io.tributary.broker.log.FaultyStorageIo;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;

/**
 * What an operator sees of a failed log directory: the logDirs health component names it and stays UP while another
 * directory serves, DOWN once none does; the gauges count it.
 */
class LogDirHealthAndMetricsTest {

    @TempDir
    Path tempDir;

    private final FaultyStorageIo io = new FaultyStorageIo();
    private LogManager manager;

    @AfterEach
    void stop() {
        manager.shutdown();
    }

    private static MemoryRecords record() {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()));
    }

    @Test
    void anOfflineDirectoryIsNamedInHealthAndCountedInMetrics() {
        Path a = tempDir.resolve("a").toAbsolutePath();
        Path b = tempDir.resolve("b").toAbsolutePath();
        manager = new LogManager(List.of(a, b), LogConfig.defaults(), CleanerConfig.DEFAULT, Clock.systemUTC(), io);
        manager.startup();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LogDirMetrics.register(meters, manager);
        LogDirsHealthIndicator health = new LogDirsHealthIndicator(manager::logDirectories);
        var inA = manager.getOrCreate("t", 0, LogConfig.defaults());
        var inB = manager.getOrCreate("t", 1, LogConfig.defaults());

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("tributary.log.dirs.offline").gauge().value()).isZero();

        io.fullDisk(a, 0);
        assertThatThrownBy(() -> inA.append(record(), 0)).isInstanceOf(KafkaStorageException.class);

        Health oneOffline = health.health();
        assertThat(oneOffline.getStatus()).as("the broker still serves the partitions in b").isEqualTo(Status.UP);
        assertThat(oneOffline.getDetails()).containsEntry("offline", 1L);
        @SuppressWarnings("unchecked")
        Map<String, String> directories = (Map<String, String>) oneOffline.getDetails().get("directories");
        assertThat(directories.get(a.toString())).startsWith("offline: appending to t-0 failed").endsWith("No space left on device");
        assertThat(directories.get(b.toString())).isEqualTo("online");
        assertThat(meters.get("tributary.log.dir.offline").tag("dir", a.toString()).gauge().value()).isEqualTo(1);
        assertThat(meters.get("tributary.log.dir.offline").tag("dir", b.toString()).gauge().value()).isZero();
        assertThat(meters.get("tributary.log.dirs.offline").gauge().value()).isEqualTo(1);

        io.fullDisk(b, 0);
        assertThatThrownBy(() -> inB.append(record(), 0)).isInstanceOf(KafkaStorageException.class);
        assertThat(health.health().getStatus()).as("no partition can be served any more").isEqualTo(Status.DOWN);
        assertThat(meters.get("tributary.log.dirs.offline").gauge().value()).isEqualTo(2);
    }

    @Test
    void eachDirectoryReportsTheBytesOfItsLogsAndItsVolumesSpace() {
        Path a = tempDir.resolve("a").toAbsolutePath();
        Path b = tempDir.resolve("b").toAbsolutePath();
        manager = new LogManager(List.of(a, b), LogConfig.defaults(), CleanerConfig.DEFAULT, Clock.systemUTC(), io);
        manager.startup();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LogDirMetrics.register(meters, manager);
        var inA = manager.getOrCreate("t", 0, LogConfig.defaults());
        var inB = manager.getOrCreate("t", 1, LogConfig.defaults());
        assertThat(inA.logDirectory().path()).isEqualTo(a);
        assertThat(inB.logDirectory().path()).isEqualTo(b);

        inA.append(record(), 0);
        inA.append(record(), 0);

        assertThat(meters.get("tributary.log.dir.size").tag("dir", a.toString()).gauge().value())
                .isEqualTo(inA.size()).isPositive();
        assertThat(meters.get("tributary.log.dir.size").tag("dir", b.toString()).gauge().value()).isZero();
        double usable = meters.get("tributary.log.dir.usable").tag("dir", a.toString()).gauge().value();
        double total = meters.get("tributary.log.dir.total").tag("dir", a.toString()).gauge().value();
        assertThat(usable).isPositive().isLessThanOrEqualTo(total);

        io.fullDisk(a, 0);
        assertThatThrownBy(() -> inA.append(record(), 0)).isInstanceOf(KafkaStorageException.class);
        assertThat(meters.get("tributary.log.dir.usable").tag("dir", a.toString()).gauge().value())
                .as("an offline directory's volume is not asked").isNaN();
        assertThat(meters.get("tributary.log.dir.usable").tag("dir", b.toString()).gauge().value()).isPositive();
    }
}

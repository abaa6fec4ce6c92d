package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);

    private LogManager manager(Path... dirs) {
        LogManager manager = new LogManager(List.of(dirs), LogConfig.defaults(), clock);
        manager.startup();
        return manager;
    }

    @Test
    void anUnwritableLogDirStopsStartupWithItsName() throws Exception {
        Path notADirectory = Files.writeString(tempDir.resolve("plain-file"), "x");
        Path logDir = notADirectory.resolve("logs");
        LogManager manager = new LogManager(List.of(logDir), LogConfig.defaults(), clock);

        assertThatThrownBy(manager::startup)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("log.dirs entry " + logDir + " is not writable: ");
    }

    @Test
    void newPartitionsGoToTheLeastUsedDirectory() {
        Path a = tempDir.resolve("a");
        Path b = tempDir.resolve("b");
        LogManager manager = manager(a, b);

        PartitionLog p0 = manager.getOrCreate("orders", 0, LogConfig.defaults());
        PartitionLog p1 = manager.getOrCreate("orders", 1, LogConfig.defaults());
        PartitionLog p2 = manager.getOrCreate("orders", 2, LogConfig.defaults());

        assertThat(p0.dir()).isEqualTo(a.resolve("orders-0"));
        assertThat(p1.dir()).isEqualTo(b.resolve("orders-1"));
        assertThat(p2.dir().getParent()).isEqualTo(a);
        assertThat(manager.getOrCreate("orders", 0, LogConfig.defaults())).isSameAs(p0);
        assertThat(manager.all()).hasSize(3);
        assertThatThrownBy(() -> manager.getOrCreate("../escape", 0, LogConfig.defaults())).isInstanceOf(InvalidTopicException.class);
        manager.shutdown();
    }

    @Test
    void aCleanShutdownIsMarkedCheckpointedAndReloadedFromEveryDirectory() throws Exception {
        Path a = tempDir.resolve("a");
        Path b = tempDir.resolve("b");
        LogManager first = manager(a, b);
        PartitionLog log = first.getOrCreate("my-dashed-topic", 0, LogConfig.defaults());
        log.append(batch(T0, "one", "two"), 0);
        log.updateHighWatermark(2);
        first.getOrCreate("other", 3, LogConfig.defaults()).append(batch(T0, "x"), 0);
        first.shutdown();

        assertThat(a.resolve(".kafka_cleanshutdown")).exists();
        assertThat(b.resolve(".kafka_cleanshutdown")).exists();
        assertThat(Files.readAllLines(a.resolve("recovery-point-offset-checkpoint")))
                .containsExactly("0", "1", "my-dashed-topic 0 2");
        assertThat(Files.readAllLines(a.resolve("log-start-offset-checkpoint"))).containsExactly("0", "1", "my-dashed-topic 0 0");

        LogManager second = manager(a, b);

        assertThat(a.resolve(".kafka_cleanshutdown")).doesNotExist();
        PartitionLog reloaded = second.get("my-dashed-topic", 0).orElseThrow();
        assertThat(reloaded.logEndOffset()).isEqualTo(2);
        assertThat(reloaded.highWatermark()).isEqualTo(2);
        assertThat(values(reloaded.read(0, 1024, 2, false).records())).containsExactly("one", "two");
        assertThat(second.get("other", 3)).hasValueSatisfying(l -> assertThat(l.logEndOffset()).isEqualTo(1));
        second.shutdown();
    }

    @Test
    void afterACrashTheTailPastTheRecoveryPointIsRecovered() throws Exception {
        Path dir = tempDir.resolve("data");
        LogManager crashed = manager(dir);
        PartitionLog log = crashed.getOrCreate("t", 0, LogConfig.defaults());
        log.append(batch(T0, "kept"), 0);
        log.flush();
        crashed.checkpoint();
        log.append(batch(T0, "also kept"), 0);
        Files.write(LogFileNames.logFile(log.dir(), 0), new byte[]{0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 99, 1}, StandardOpenOption.APPEND);
        // no shutdown: no clean-shutdown marker

        LogManager restarted = manager(dir);

        PartitionLog recovered = restarted.get("t", 0).orElseThrow();
        assertThat(recovered.logEndOffset()).isEqualTo(2);
        assertThat(values(recovered.read(0, 1024, 2, false).records())).containsExactly("kept", "also kept");
        assertThat(recovered.append(batch(T0, "next"), 0).baseOffset()).isEqualTo(2);
        restarted.shutdown();
    }

    @Test
    void deleteRemovesThePartitionAndLeftoverDeletionsAreFinishedAtStartup() throws Exception {
        Path dir = tempDir.resolve("data");
        LogManager manager = manager(dir);
        manager.getOrCreate("gone", 0, LogConfig.defaults()).append(batch(T0, "x"), 0);
        manager.delete("gone", 0);
        assertThat(manager.get("gone", 0)).isEmpty();
        assertThat(dir.resolve("gone-0")).doesNotExist();
        manager.shutdown();

        Files.createDirectories(dir.resolve("half-0.abc-delete"));
        LogManager restarted = manager(dir);
        assertThat(dir.resolve("half-0.abc-delete")).doesNotExist();
        assertThat(restarted.all()).isEmpty();
        restarted.shutdown();
    }

    @Test
    void configUpdatesReachEveryPartitionOfTheTopic() {
        LogManager manager = manager(tempDir.resolve("data"));
        manager.getOrCreate("t", 0, LogConfig.defaults());
        manager.getOrCreate("t", 1, LogConfig.defaults());
        manager.getOrCreate("u", 0, LogConfig.defaults());
        LogConfig updated = LogConfig.defaults().withOverrides(Map.of(LogConfig.RETENTION_MS, "1000"));

        manager.updateConfig("t", updated);

        assertThat(manager.get("t", 0).orElseThrow().config()).isEqualTo(updated);
        assertThat(manager.get("t", 1).orElseThrow().config()).isEqualTo(updated);
        assertThat(manager.get("u", 0).orElseThrow().config()).isEqualTo(LogConfig.defaults());
        manager.shutdown();
    }

    @Test
    void flushDirtyHonoursFlushMs() {
        LogManager manager = manager(tempDir.resolve("data"));
        PartitionLog log = manager.getOrCreate("t", 0, LogConfig.defaults().withOverrides(Map.of(LogConfig.FLUSH_MS, "1000")));
        log.append(batch(T0, "x"), 0);
        manager.flushDirty(clock.millis() + 10);
        assertThat(log.recoveryPoint()).isZero();
        manager.flushDirty(clock.millis() + 1_000);
        assertThat(log.recoveryPoint()).isEqualTo(1);
        manager.shutdown();
    }
}

package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each partition directory records its topic id, and a log of another topic id is never handed out. */
class PartitionMetadataTest {

    private static final Uuid OLD_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    private static final Uuid NEW_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAg");

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);

    private LogManager manager() {
        LogManager manager = new LogManager(List.of(tempDir.resolve("data")), LogConfig.defaults(), clock);
        manager.startup();
        return manager;
    }

    @Test
    void theFileIsKafkasPartitionMetadata() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("t-0"));
        PartitionMetadataFile.write(dir, NEW_ID);

        assertThat(Files.readString(dir.resolve("partition.metadata"))).isEqualTo("version: 0\ntopic_id: AAAAAAAAAAAAAAAAAAAAAg\n");
        assertThat(PartitionMetadataFile.read(dir)).contains(NEW_ID);
        assertThat(PartitionMetadataFile.read(tempDir)).as("no file: no id recorded").isEmpty();
    }

    @Test
    void aMalformedFileIsAStorageErrorNotAGuess() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("t-0"));
        Files.writeString(dir.resolve("partition.metadata"), "version: 7\ntopic_id: AAAAAAAAAAAAAAAAAAAAAg\n");
        assertThatThrownBy(() -> PartitionMetadataFile.read(dir)).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("Malformed partition metadata file");
        Files.writeString(dir.resolve("partition.metadata"), "version: 0\ntopic_id: not-an-id\n");
        assertThatThrownBy(() -> PartitionMetadataFile.read(dir)).isInstanceOf(KafkaStorageException.class);
        Files.write(dir.resolve("partition.metadata"), new byte[4096]);
        assertThatThrownBy(() -> PartitionMetadataFile.read(dir)).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("over 1024 bytes");
    }

    @Test
    void aNewLogRecordsItsTopicIdAndIsFoundAgainUnderIt() {
        LogManager manager = manager();
        PartitionLog log = manager.getOrCreate("t", 0, NEW_ID, LogConfig.defaults());
        log.append(batch(T0, "kept"), 0);
        manager.shutdown();

        LogManager again = manager();
        PartitionLog reloaded = again.getOrCreate("t", 0, NEW_ID, LogConfig.defaults());
        assertThat(reloaded.logEndOffset()).isOne();
        assertThat(PartitionMetadataFile.read(reloaded.dir())).contains(NEW_ID);
        again.shutdown();
    }

    @Test
    void aLogOfAnotherTopicIdIsDeletedAndReplacedByAnEmptyOne() throws Exception {
        LogManager manager = manager();
        manager.getOrCreate("t", 0, OLD_ID, LogConfig.defaults()).append(batch(T0, "old-1", "old-2"), 0);
        manager.shutdown();

        LogManager again = manager();
        PartitionLog log = again.getOrCreate("t", 0, NEW_ID, LogConfig.defaults());

        assertThat(log.logEndOffset()).as("none of the old topic's records").isZero();
        assertThat(log.logStartOffset()).isZero();
        assertThat(PartitionMetadataFile.read(log.dir())).contains(NEW_ID);
        try (var files = Files.list(tempDir.resolve("data"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("the old directory is gone").noneMatch(n -> n.endsWith("-delete"));
        }
        assertThat(again.get("t", 0)).containsSame(log);
        again.shutdown();
    }

    @Test
    void aLogWrittenBeforeTopicIdsTakesTheTopicsId() throws Exception {
        LogManager manager = manager();
        PartitionLog legacy = manager.getOrCreate("t", 0, LogConfig.defaults());
        legacy.append(batch(T0, "from-before"), 0);
        manager.shutdown();

        LogManager again = manager();
        PartitionLog log = again.getOrCreate("t", 0, NEW_ID, LogConfig.defaults());

        assertThat(log.logEndOffset()).isOne();
        assertThat(PartitionMetadataFile.read(log.dir())).contains(NEW_ID);
        again.shutdown();
    }
}

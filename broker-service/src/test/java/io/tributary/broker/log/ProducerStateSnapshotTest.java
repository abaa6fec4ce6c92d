package io.tributary.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsProducersTheirAppendTimesAndWhetherAnyExpired() {
        Map<Long, ProducerStateEntry> producers = new LinkedHashMap<>();
        producers.put(7L, new ProducerStateEntry(7L, (short) 2, List.of(new BatchMetadata(0, 4, 10, 14)), 123_456L));
        Path file = dir.resolve("00000000000000000015.snapshot");

        ProducerStateSnapshot.write(file, new ProducerStateSnapshot.Contents(producers, true), true);
        ProducerStateSnapshot.Contents read = ProducerStateSnapshot.read(file, 999L).orElseThrow();

        assertThat(read.producersExpired()).isTrue();
        ProducerStateEntry entry = read.producers().get(7L);
        assertThat(entry.epoch()).isEqualTo((short) 2);
        assertThat(entry.lastAppendMs()).isEqualTo(123_456L);
        assertThat(entry.batches()).containsExactly(new BatchMetadata(0, 4, 10, 14));
    }

    @Test
    void readsAVersionOneFileWrittenBeforeExpiryAsAppendedAtLoadTime() throws Exception {
        ByteBuffer body = ByteBuffer.allocate(4 + 8 + 2 + 4 + 24);
        body.putInt(1).putLong(7L).putShort((short) 2).putInt(1).putInt(0).putInt(4).putLong(10).putLong(14);
        CRC32C crc = new CRC32C();
        crc.update(body.array());
        ByteBuffer file = ByteBuffer.allocate(6 + body.capacity());
        file.putShort((short) 1).putInt((int) crc.getValue()).put(body.array());
        Path path = dir.resolve("00000000000000000015.snapshot");
        Files.write(path, file.array());

        ProducerStateSnapshot.Contents read = ProducerStateSnapshot.read(path, 999L).orElseThrow();

        assertThat(read.producersExpired()).isFalse();
        assertThat(read.producers().get(7L).lastAppendMs()).isEqualTo(999L);
        assertThat(read.producers().get(7L).batches()).containsExactly(new BatchMetadata(0, 4, 10, 14));
    }

    @Test
    void ignoresAFileWithMoreBatchesThanAProducerKeeps() throws Exception {
        ByteBuffer body = ByteBuffer.allocate(1 + 4 + 8 + 2 + 8 + 4);
        body.put((byte) 0).putInt(1).putLong(7L).putShort((short) 2).putLong(5L).putInt(Integer.MAX_VALUE);
        CRC32C crc = new CRC32C();
        crc.update(body.array());
        ByteBuffer file = ByteBuffer.allocate(6 + body.capacity());
        file.putShort((short) 2).putInt((int) crc.getValue()).put(body.array());
        Path path = dir.resolve("00000000000000000015.snapshot");
        Files.write(path, file.array());

        assertThat(ProducerStateSnapshot.read(path, 999L)).isEmpty();
    }
}

package io.tributary.broker.log;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code <offset>.snapshot} file: the producer state of a partition as it was just before {@code offset}.
 * Tributary's own format (Kafka's differs), all fields big-endian:
 *
 * <pre>
 * int16  version (1)
 * int32  CRC-32C of every byte after this field
 * int32  producer count
 * per producer:
 *   int64  producer id
 *   int16  producer epoch
 *   int32  batch count (at most 5, oldest first)
 *   per batch: int32 first sequence, int32 last sequence, int64 first offset, int64 last offset
 * </pre>
 *
 * Written to a temporary file, fsynced and moved into place, so a crash leaves either the old or the new file (a
 * roll syncs its snapshot later, outside the log's lock, so a crash there may leave a torn one); a file whose CRC
 * does not match is ignored and deleted, and the state is rebuilt from the log instead.
 */
final class ProducerStateSnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateSnapshot.class);
    private static final short VERSION = 1;
    private static final int HEADER_SIZE = 2 + 4;
    private static final int PRODUCER_HEADER_SIZE = 8 + 2 + 4;
    private static final int BATCH_SIZE = 4 + 4 + 8 + 8;

    private ProducerStateSnapshot() {
    }

    /** @param sync whether to fsync the file before it takes its name; a crash may otherwise leave it corrupt */
    static void write(Path file, Collection<ProducerStateEntry> producers, boolean sync) {
        int size = HEADER_SIZE + 4;
        for (ProducerStateEntry entry : producers) {
            size += PRODUCER_HEADER_SIZE + entry.batches().size() * BATCH_SIZE;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.position(HEADER_SIZE);
        buffer.putInt(producers.size());
        for (ProducerStateEntry entry : producers) {
            buffer.putLong(entry.producerId());
            buffer.putShort(entry.epoch());
            buffer.putInt(entry.batches().size());
            for (BatchMetadata batch : entry.batches()) {
                buffer.putInt(batch.firstSequence());
                buffer.putInt(batch.lastSequence());
                buffer.putLong(batch.firstOffset());
                buffer.putLong(batch.lastOffset());
            }
        }
        buffer.putShort(0, VERSION);
        buffer.putInt(2, (int) crc(buffer.array(), HEADER_SIZE, size - HEADER_SIZE));
        buffer.flip();
        Path temp = file.resolveSibling(file.getFileName() + LogFileNames.TEMP_SUFFIX);
        StorageErrors.run("writing producer snapshot", file, () -> {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (sync) {
                    channel.force(true);
                }
            }
            Utils.atomicMoveWithFallback(temp, file);
        });
    }

    /** The producers in {@code file}, or empty when the file is unreadable, of another version or corrupt. */
    static Optional<Map<Long, ProducerStateEntry>> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable producer snapshot {}: {}", file, e.toString());
            return Optional.empty();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            short version = buffer.getShort();
            int storedCrc = buffer.getInt();
            if (version != VERSION || storedCrc != (int) crc(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE)) {
                LOG.warn("Ignoring producer snapshot {}: version {} or CRC does not match", file, version);
                return Optional.empty();
            }
            int count = buffer.getInt();
            Map<Long, ProducerStateEntry> producers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                long producerId = buffer.getLong();
                short epoch = buffer.getShort();
                int batchCount = buffer.getInt();
                List<BatchMetadata> batches = new ArrayList<>(batchCount);
                for (int b = 0; b < batchCount; b++) {
                    batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong()));
                }
                producers.put(producerId, new ProducerStateEntry(producerId, epoch, batches));
            }
            return Optional.of(producers);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            LOG.warn("Ignoring truncated producer snapshot {}", file);
            return Optional.empty();
        }
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}

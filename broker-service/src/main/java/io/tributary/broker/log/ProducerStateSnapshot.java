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
 * int16  version (2)
 * int32  CRC-32C of every byte after this field
 * int8   1 if producers were expired from the partition, else 0
 * int32  producer count
 * per producer:
 *   int64  producer id
 *   int16  producer epoch
 *   int64  last append time (broker clock, ms)
 *   int32  batch count (at most 5, oldest first)
 *   per batch: int32 first sequence, int32 last sequence, int64 first offset, int64 last offset
 * </pre>
 *
 * Version 1, written before expiry existed, lacks the flag and the append times: its producers are read as having
 * appended at load time. Written to a temporary file, fsynced and moved into place, so a crash leaves either the old
 * or the new file (a roll syncs its snapshot later, outside the log's lock, so a crash there may leave a torn one); a
 * file whose CRC does not match is ignored and deleted, and the state is rebuilt from the log instead.
 */
final class ProducerStateSnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateSnapshot.class);
    private static final short VERSION = 2;
    private static final short VERSION_WITHOUT_EXPIRY = 1;
    private static final int HEADER_SIZE = 2 + 4;
    private static final int PRODUCER_HEADER_SIZE = 8 + 2 + 8 + 4;
    private static final int BATCH_SIZE = 4 + 4 + 8 + 8;

    /** What a snapshot holds: the producers by id, and whether any had been expired. */
    record Contents(Map<Long, ProducerStateEntry> producers, boolean producersExpired) {
    }

    private ProducerStateSnapshot() {
    }

    /** @param sync whether to fsync the file before it takes its name; a crash may otherwise leave it corrupt */
    static void write(Path file, Contents contents, boolean sync) {
        Collection<ProducerStateEntry> producers = contents.producers().values();
        int size = HEADER_SIZE + 1 + 4;
        for (ProducerStateEntry entry : producers) {
            size += PRODUCER_HEADER_SIZE + entry.batches().size() * BATCH_SIZE;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.position(HEADER_SIZE);
        buffer.put((byte) (contents.producersExpired() ? 1 : 0));
        buffer.putInt(producers.size());
        for (ProducerStateEntry entry : producers) {
            buffer.putLong(entry.producerId());
            buffer.putShort(entry.epoch());
            buffer.putLong(entry.lastAppendMs());
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

    /**
     * The contents of {@code file}, or empty when the file is unreadable, of an unknown version or corrupt.
     *
     * @param loadTimeMs the last append time given to the producers of a version 1 file
     */
    static Optional<Contents> read(Path file, long loadTimeMs) {
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
            boolean knownVersion = version == VERSION || version == VERSION_WITHOUT_EXPIRY;
            if (!knownVersion || storedCrc != (int) crc(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE)) {
                LOG.warn("Ignoring producer snapshot {}: version {} or CRC does not match", file, version);
                return Optional.empty();
            }
            boolean withExpiry = version == VERSION;
            boolean producersExpired = withExpiry && buffer.get() != 0;
            int count = buffer.getInt();
            Map<Long, ProducerStateEntry> producers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                long producerId = buffer.getLong();
                short epoch = buffer.getShort();
                long lastAppendMs = withExpiry ? buffer.getLong() : loadTimeMs;
                int batchCount = buffer.getInt();
                if (batchCount < 0 || batchCount > ProducerStateEntry.RETAINED_BATCHES) {
                    LOG.warn("Ignoring producer snapshot {}: producer {} has {} batches", file, producerId, batchCount);
                    return Optional.empty();
                }
                List<BatchMetadata> batches = new ArrayList<>(batchCount);
                for (int b = 0; b < batchCount; b++) {
                    batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong()));
                }
                producers.put(producerId, new ProducerStateEntry(producerId, epoch, batches, lastAppendMs));
            }
            return Optional.of(new Contents(producers, producersExpired));
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

package io.tributary.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The idempotent producers of one partition and their snapshots. Not thread-safe: {@link PartitionLog} holds
 * the lock.
 *
 * <p>Rules, checked batch by batch for batches with a producer id (control batches are not checked):
 * <ul>
 *   <li>a batch with the epoch and the first and last sequence of a retained batch is a duplicate: it is
 *       acknowledged with the original offsets and not appended again;</li>
 *   <li>an epoch older than the producer's current one is fenced ({@link InvalidProducerEpochException});</li>
 *   <li>a newer epoch must start at sequence 0;</li>
 *   <li>within an epoch, the first sequence must follow the last one, wrapping from {@code Integer.MAX_VALUE}
 *       to 0 ({@link OutOfOrderSequenceException});</li>
 *   <li>a producer id this partition does not know must start at sequence 0 while the state holds every producer
 *       that ever appended (log start offset 0 and no producer expired); otherwise it is accepted at any sequence, as
 *       Kafka does for a producer it has no state for, since its earlier batches or its state may be gone.</li>
 * </ul>
 *
 * <p>Expiry (Kafka's {@code producer.id.expiration.ms}): {@link #removeExpired} drops the producers that have not
 * appended for that long, so that the state and its snapshots stay bounded by the producers active within the
 * period. A producer that comes back after that is unknown here, and treated as Kafka treats one: its next batch is
 * accepted at whatever sequence it carries (an unknown producer is not answered {@code UNKNOWN_PRODUCER_ID} since
 * KIP-360), and a retry of a batch it sent before the expiry is no longer recognised as a duplicate; the expiry
 * also lifts the sequence-0 rule above for every producer, since the partition no longer knows all of them. The
 * time of a producer is the broker's clock at its appends (Kafka takes the batch's largest timestamp, which the
 * client's clock may set: then a client with an old clock would be expired at once); batches replayed from the log
 * at load take the load time, which keeps their producers a period longer rather than dropping them early.
 */
final class ProducerStateManager {

    private final Path dir;
    private final Clock clock;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    /** Whether a producer was expired: then the state no longer holds every producer that appended here. */
    private boolean producersExpired;

    ProducerStateManager(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    Optional<ProducerStateEntry> producer(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** The last offset of each producer's newest batch: the cleaner keeps those batches, even emptied. */
    Map<Long, Long> lastBatchOffsets() {
        Map<Long, Long> offsets = new HashMap<>();
        producers.forEach((id, entry) -> {
            List<BatchMetadata> batches = entry.batches();
            if (!batches.isEmpty()) {
                offsets.put(id, batches.get(batches.size() - 1).lastOffset());
            }
        });
        return offsets;
    }

    /**
     * Starts validating one append; nothing changes until {@link #commit}.
     *
     * @param completeHistory whether the log still holds everything ever appended (its start offset is 0): then,
     *                        unless producers were expired, a producer this partition does not know is new to it and
     *                        must start at sequence 0
     */
    Update begin(boolean completeHistory) {
        return new Update(completeHistory && !producersExpired, clock.millis());
    }

    void commit(Update update) {
        producers.putAll(update.staged);
    }

    /** Applies an already-appended batch, without checks: used to rebuild the state from the log. */
    void replay(RecordBatch batch) {
        if (isChecked(batch)) {
            long nowMs = clock.millis();
            producers.computeIfAbsent(batch.producerId(), id -> new ProducerStateEntry(id, batch.producerEpoch(), List.of(), nowMs))
                    .add(batch.producerEpoch(), metadataOf(batch), nowMs);
        }
    }

    /**
     * Drops the producers whose last append is at least {@code expirationMs} before {@code nowMs}.
     *
     * @return how many were dropped
     */
    int removeExpired(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(entry -> nowMs - entry.lastAppendMs() >= expirationMs);
        int removed = before - producers.size();
        if (removed > 0) {
            producersExpired = true;
        }
        return removed;
    }

    /**
     * Writes the current state as the state before {@code offset}; unless {@code sync}, the caller fsyncs the file it
     * returns later, outside the log's lock.
     */
    Path takeSnapshot(long offset, boolean sync) {
        Path file = LogFileNames.snapshotFile(dir, offset);
        ProducerStateSnapshot.write(file, new ProducerStateSnapshot.Contents(producers, producersExpired), sync);
        return file;
    }

    /**
     * Replaces the state with the newest readable snapshot at or below {@code maxOffset}, deleting unreadable
     * ones; no snapshot leaves the state empty.
     *
     * @return the offset the loaded state is valid before, if a snapshot was loaded
     */
    OptionalLong loadLatestSnapshot(long maxOffset) {
        producers.clear();
        producersExpired = false;
        List<Long> offsets = snapshotOffsets();
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long offset = offsets.get(i);
            if (offset > maxOffset) {
                continue;
            }
            Path file = LogFileNames.snapshotFile(dir, offset);
            Optional<ProducerStateSnapshot.Contents> loaded = ProducerStateSnapshot.read(file, clock.millis());
            if (loaded.isPresent()) {
                producers.putAll(loaded.get().producers());
                producersExpired = loaded.get().producersExpired();
                return OptionalLong.of(offset);
            }
            deleteSnapshot(offset);
        }
        return OptionalLong.empty();
    }

    /** Removes snapshots of states the log no longer reaches, e.g. after truncation. */
    void deleteSnapshotsAbove(long offset) {
        snapshotOffsets().stream().filter(o -> o > offset).forEach(this::deleteSnapshot);
    }

    /** Removes snapshots of states before the log start, which no restart can use. */
    void deleteSnapshotsBelow(long offset) {
        snapshotOffsets().stream().filter(o -> o < offset).forEach(this::deleteSnapshot);
    }

    List<Long> snapshotOffsets() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> LogFileNames.offsetFromFileName(f, LogFileNames.SNAPSHOT_SUFFIX))
                    .filter(OptionalLong::isPresent)
                    .map(OptionalLong::getAsLong)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw StorageErrors.wrap("listing producer snapshots in", dir, e);
        }
    }

    private void deleteSnapshot(long offset) {
        Path file = LogFileNames.snapshotFile(dir, offset);
        StorageErrors.run("deleting producer snapshot", file, () -> Files.deleteIfExists(file));
    }

    private static boolean isChecked(RecordBatch batch) {
        return batch.hasProducerId() && !batch.isControlBatch();
    }

    private static BatchMetadata metadataOf(RecordBatch batch) {
        return new BatchMetadata(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(), batch.lastOffset());
    }

    /** The producer changes of one append, staged on copies so that a rejected append changes nothing. */
    final class Update {

        private final Map<Long, ProducerStateEntry> staged = new HashMap<>();
        private final boolean completeHistory;
        private final long nowMs;

        private Update(boolean completeHistory, long nowMs) {
            this.completeHistory = completeHistory;
            this.nowMs = nowMs;
        }

        /**
         * Checks a batch before its offsets are assigned.
         *
         * @return the retained batch this one repeats, or empty when it may be appended
         * @throws InvalidProducerEpochException if the producer's epoch is older than the current one
         * @throws OutOfOrderSequenceException   if the sequence does not follow the producer's last one
         */
        Optional<BatchMetadata> check(RecordBatch batch) {
            if (!isChecked(batch)) {
                return Optional.empty();
            }
            ProducerStateEntry entry = current(batch.producerId());
            if (entry == null) {
                // a later pipelined batch must not get in before a retried first one, as it can when the first
                // reached the partition before it existed here and the next arrived just after
                if (completeHistory && batch.baseSequence() != 0) {
                    throw new OutOfOrderSequenceException("Producer " + batch.producerId() + " is new to this partition"
                            + " and must start at sequence 0, not " + batch.baseSequence());
                }
                return Optional.empty();
            }
            Optional<BatchMetadata> duplicate = entry.findDuplicate(batch);
            if (duplicate.isPresent()) {
                return duplicate;
            }
            short epoch = batch.producerEpoch();
            if (epoch < entry.epoch()) {
                throw new InvalidProducerEpochException("Producer " + batch.producerId() + " has epoch " + epoch
                        + ", older than the current epoch " + entry.epoch());
            }
            if (epoch > entry.epoch()) {
                if (batch.baseSequence() != 0) {
                    throw new OutOfOrderSequenceException("Producer " + batch.producerId() + " started epoch " + epoch
                            + " at sequence " + batch.baseSequence() + ", expected 0");
                }
            } else if (entry.hasBatches() && batch.baseSequence() != nextSequence(entry.lastSequence())) {
                throw new OutOfOrderSequenceException("Producer " + batch.producerId() + " at epoch " + epoch
                        + " sent sequence " + batch.baseSequence() + ", expected " + nextSequence(entry.lastSequence()));
            }
            return Optional.empty();
        }

        /** Stages a checked batch whose offsets are now assigned. */
        void append(RecordBatch batch) {
            if (!isChecked(batch)) {
                return;
            }
            ProducerStateEntry entry = staged.computeIfAbsent(batch.producerId(), id -> {
                ProducerStateEntry committed = producers.get(id);
                return committed != null ? committed.copy() : new ProducerStateEntry(id, batch.producerEpoch(), List.of(), nowMs);
            });
            entry.add(batch.producerEpoch(), metadataOf(batch), nowMs);
        }

        private ProducerStateEntry current(long producerId) {
            ProducerStateEntry entry = staged.get(producerId);
            return entry != null ? entry : producers.get(producerId);
        }

        private int nextSequence(int sequence) {
            return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
        }
    }
}

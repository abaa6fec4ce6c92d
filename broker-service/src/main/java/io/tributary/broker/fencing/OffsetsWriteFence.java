package io.tributary.broker.fencing;

import java.util.Optional;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.coordinator.OffsetsPartitionOwner;

/**
 * Only the current owner of a partition of {@code __consumer_offsets} may write to it. The owner stamps every record
 * with the epoch of its claim ({@code EpochStamps}); a batch passes only if that epoch is the partition's current
 * owner's. Other topics pass untouched.
 *
 * <p>Epochs only grow, and the metadata cache can only lag behind ZooKeeper, so:
 * <ul>
 * <li>stamp == cached owner's epoch: the writer owns the partition as far as this broker knows: accepted;</li>
 * <li>stamp &lt; cached owner's epoch: a newer claim exists, the writer lost the partition: refused without asking
 * ZooKeeper;</li>
 * <li>stamp &gt; cached epoch, or no cached owner: the cache may lag behind a new claim, so ZooKeeper is read (after
 * a sync) and decides;</li>
 * <li>records with different stamps (the producer batched writes of two claims together): at most one is the
 * owner's, so the whole request is refused as stale.</li>
 * </ul>
 * A stale stamp is refused with TRANSACTION_COORDINATOR_FENCED, Kafka's error for a coordinator whose coordinator
 * epoch is older than the one the broker knows; it is not retriable, so the old owner's producer fails at once instead
 * of retrying until its delivery timeout, and the old owner answers its clients NOT_COORDINATOR. Records without a
 * stamp (any producer but a coordinator) get INVALID_TOPIC_EXCEPTION "Cannot append to internal topic", as Kafka 4.x
 * answers a client's produce to an internal topic.
 *
 * <h2>Error handling</h2>
 * <ul>
 * <li>A batch whose records cannot be read for their stamp (compressed, not v2, lengths that do not add up) gets
 * INVALID_RECORD: nothing of it is appended.</li>
 * <li>ZooKeeper unreachable when a read is needed: the batch is refused with the retriable NOT_LEADER_OR_FOLLOWER
 * (this broker cannot tell whether the writer still owns the partition), and the producer tries again.</li>
 * </ul>
 * The window left: a claim that this broker's cache has not yet seen accepts the previous owner's stamp for as long
 * as the cache lags (milliseconds); the new owner replays the partition only after its claim, so such a write is
 * either in its replay or refused.
 */
public final class OffsetsWriteFence implements AppendFence {

    public static final String TOPIC = "__consumer_offsets";

    private static final Logger log = LoggerFactory.getLogger(OffsetsWriteFence.class);

    /** Where the owners come from: the metadata cache, and ZooKeeper itself when the cache may lag. */
    interface Owners {
        Optional<OffsetsPartitionOwner> cached(int partition);

        /** @throws MetadataException if ZooKeeper cannot be read */
        Optional<OffsetsPartitionOwner> read(int partition);
    }

    private final Owners owners;

    public OffsetsWriteFence(ClusterMetadata metadata) {
        this(new Owners() {
            @Override
            public Optional<OffsetsPartitionOwner> cached(int partition) {
                return metadata.offsetsPartitionOwner(partition);
            }

            @Override
            public Optional<OffsetsPartitionOwner> read(int partition) {
                return metadata.readOffsetsPartitionOwner(partition);
            }
        });
    }

    OffsetsWriteFence(Owners owners) {
        this.owners = owners;
    }

    @Override
    public Optional<ApiException> check(String topic, int partition, MemoryRecords records) {
        if (!TOPIC.equals(topic)) {
            return Optional.empty();
        }
        EpochStamps.Stamp stamp;
        try {
            stamp = EpochStamps.read(records.buffer());
        } catch (InvalidRecordException e) {
            return Optional.of(new InvalidRecordException("Records for " + TOPIC + "-" + partition
                    + " must be uncompressed v2 batches that read as declared: " + e.getMessage()));
        }
        if (stamp instanceof EpochStamps.Missing missing) {
            return Optional.of(new InvalidTopicException("Cannot append to internal topic " + TOPIC + " ("
                    + missing.why() + ")"));
        }
        EpochStamps.Epochs epochs = (EpochStamps.Epochs) stamp;
        if (epochs.oldest() != epochs.newest()) {
            return Optional.of(new TransactionCoordinatorFencedException("Records for " + TOPIC + "-" + partition
                    + " carry coordinator epochs " + epochs.oldest() + " to " + epochs.newest()
                    + "; only the current owner's passes"));
        }
        long epoch = epochs.oldest();
        Optional<OffsetsPartitionOwner> cached = owners.cached(partition);
        if (cached.isPresent() && cached.get().epoch() == epoch) {
            return Optional.empty();
        }
        Optional<OffsetsPartitionOwner> owner = cached;
        if (cached.isEmpty() || cached.get().epoch() < epoch) {
            try {
                owner = owners.read(partition);
            } catch (MetadataException e) {
                return Optional.of(new NotLeaderOrFollowerException("Cannot tell the owner of " + TOPIC + "-"
                        + partition + " now: " + e.getMessage()));
            }
            if (owner.isPresent() && owner.get().epoch() == epoch) {
                return Optional.empty();
            }
        }
        String current = owner.map(o -> "coordinator " + o.coordinatorId() + " at epoch " + o.epoch())
                .orElse("no coordinator");
        log.info("Refused a write to {}-{} stamped with coordinator epoch {}: its owner is {}", TOPIC, partition,
                epoch, current);
        return Optional.of(new TransactionCoordinatorFencedException("Coordinator epoch " + epoch + " no longer owns "
                + TOPIC + "-" + partition + ": its owner is " + current));
    }
}

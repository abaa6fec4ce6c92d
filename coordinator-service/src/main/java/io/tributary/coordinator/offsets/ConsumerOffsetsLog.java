package io.tributary.coordinator.offsets;

import io.tributary.coordinator.log.CoordinatorLog;
import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.CoordinatorRecord.GroupMetadata;
import io.tributary.coordinator.log.CoordinatorRecord.GroupTombstone;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetCommit;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetTombstone;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.coordinator.CoordinatorEpochStamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CoordinatorLog} on the compacted topic {@code __consumer_offsets}, written and read through the brokers with
 * the real Kafka clients: a {@link KafkaProducer} ({@code acks=all}, idempotent) for appends, a {@link KafkaConsumer}
 * with {@code assign()} (no group) for replays, an {@link Admin} that creates the topic on first need. The bootstrap
 * list is the live brokers of {@link ClusterMetadata} when a client is created.
 *
 * <pre>
 *  append(p, records)  → one Kafka record per CoordinatorRecord, in order, to partition p, each stamped with
 *                        the epoch of this coordinator's claim on p (header tributary.coordinator.epoch);
 *                        the future completes when every record is acknowledged by acks=all
 *  replay(p)           → every record from the beginning to the end offset at the time of the call,
 *                        collapsed: the latest record per key, tombstones removed, ordered by log position
 * </pre>
 *
 * <h2>Error handling</h2>
 * <ul>
 * <li>An append to a partition this coordinator has no claim on fails at once with {@link NotCoordinatorException}.
 * The epoch is taken when {@code append} is called, not when the records are sent, so records built from a claim's
 * state never go out under a later claim. A broker refuses records stamped with an epoch older than the current
 * owner's with TRANSACTION_COORDINATOR_FENCED ({@link TransactionCoordinatorFencedException}, not retriable, so the
 * producer gives up at once): that append fails with {@link NotCoordinatorException}, and the client goes to find the
 * new coordinator.</li>
 * <li>Append failures complete the future exceptionally with a Kafka {@code ApiException} that
 * {@code Errors.forException} maps to the code the group side answers: {@link NotCoordinatorException}
 * (NOT_COORDINATOR) when the partition's leader moved or its storage failed, {@link RecordTooLargeException} /
 * {@link RecordBatchTooLargeException} as they are (not retriable: INVALID_COMMIT_OFFSET_SIZE for a commit), and
 * {@link CoordinatorNotAvailableException} (COORDINATOR_NOT_AVAILABLE, retriable) for everything else: no live broker,
 * topic not creatable yet (e.g. fewer brokers than the replication factor), timeout after
 * {@code offsets.commit.timeout.ms}.</li>
 * <li>The records of one append are not atomic: if a later one fails, earlier ones may be stored. The coordinator
 * answers an error, the client retries, and the replay sees the latest value per key, so a retried commit heals.</li>
 * <li>A replay that cannot reach the end offset within the load timeout, or cannot reach the brokers, throws
 * {@link CoordinatorNotAvailableException}; the caller retries. A record that cannot be decoded is logged and skipped
 * ({@link CorruptCoordinatorRecordException}): the others of the partition still load.</li>
 * <li>The producer is created once and keeps its own broker discovery; after a send failure it stays (the Kafka
 * producer recovers by itself). The replay consumer is discarded after any failure and created again.</li>
 * </ul>
 * Thread-safe. Appends are sent from one thread, so their order per partition is the call order.
 */
public final class ConsumerOffsetsLog implements CoordinatorLog, AutoCloseable {

    public static final String TOPIC = "__consumer_offsets";

    private static final Logger log = LoggerFactory.getLogger(ConsumerOffsetsLog.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterMetadata metadata;
    private final OffsetsTopicSettings settings;
    private final ClaimEpochs epochs;
    private final OffsetsRecordCodec codec = new OffsetsRecordCodec();
    private final ExecutorService sender;
    private final Object consumerLock = new Object();
    private volatile boolean topicReady;
    private volatile boolean closed;
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /** The epoch of this coordinator's current claim on a partition of {@code __consumer_offsets}. */
    @FunctionalInterface
    public interface ClaimEpochs {
        /** @return the claim's epoch, empty if this coordinator does not own the partition */
        OptionalLong epoch(int partition);
    }

    public ConsumerOffsetsLog(ClusterMetadata metadata, OffsetsTopicSettings settings, ClaimEpochs epochs) {
        this.metadata = metadata;
        this.settings = settings;
        this.epochs = epochs;
        this.sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "consumer-offsets-sender"));
    }

    @Override
    public int partitionCount() {
        return settings.partitions();
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        if (partition < 0 || partition >= settings.partitions()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    TOPIC + " has partitions 0.." + (settings.partitions() - 1) + ", not " + partition));
        }
        OptionalLong epoch = epochs.epoch(partition);
        if (epoch.isEmpty()) {
            return CompletableFuture.failedFuture(new NotCoordinatorException(
                    "this coordinator does not own " + TOPIC + "-" + partition));
        }
        List<Header> stamp = List.of(new RecordHeader(CoordinatorEpochStamp.HEADER,
                CoordinatorEpochStamp.encode(epoch.getAsLong())));
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            sender.execute(() -> send(partition, List.copyOf(records), stamp, done));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new CoordinatorNotAvailableException("the offsets log is closed"));
        }
        return done;
    }

    private void send(int partition, List<CoordinatorRecord> records, List<Header> stamp,
                      CompletableFuture<Void> done) {
        try {
            ensureTopic();
            KafkaProducer<byte[], byte[]> p = producer();
            List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
            for (CoordinatorRecord record : records) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                acks.add(ack);
                p.send(new ProducerRecord<>(TOPIC, partition, null, codec.key(record), codec.value(record), stamp),
                        (written, failure) -> {
                            if (failure == null) {
                                ack.complete(null);
                            } else {
                                ack.completeExceptionally(failure);
                            }
                        });
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(toCoordinatorError(failure, "appending to " + TOPIC + "-" + partition));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(toCoordinatorError(e, "appending to " + TOPIC + "-" + partition));
        }
    }

    /**
     * Reads the partition from its beginning to its end offset as of this call.
     *
     * @return the latest record per key, tombstoned keys removed, in the log order of those latest records
     * @throws CoordinatorNotAvailableException if the brokers cannot be read within the load timeout
     */
    public List<CoordinatorRecord> replay(int partition) {
        if (partition < 0 || partition >= settings.partitions()) {
            throw new IllegalArgumentException(
                    TOPIC + " has partitions 0.." + (settings.partitions() - 1) + ", not " + partition);
        }
        TopicPartition tp = new TopicPartition(TOPIC, partition);
        long deadline = System.nanoTime() + settings.loadTimeout().toNanos();
        try {
            ensureTopic();
            synchronized (consumerLock) {
                if (closed) {
                    throw new CoordinatorNotAvailableException("the offsets log is closed");
                }
                try {
                    return read(consumer(), tp, deadline);
                } catch (RuntimeException e) {
                    discardConsumer();
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            throw toCoordinatorError(e, "replaying " + tp);
        }
    }

    private List<CoordinatorRecord> read(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, long deadline) {
        c.assign(List.of(tp));
        long end = c.endOffsets(List.of(tp), remaining(deadline)).get(tp);
        c.seekToBeginning(List.of(tp));
        Map<Object, CoordinatorRecord> latest = new LinkedHashMap<>();
        int skipped = 0;
        long read = 0;
        while (c.position(tp, remaining(deadline)) < end) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(remaining(deadline).compareTo(POLL) < 0 ? remaining(deadline) : POLL)) {
                if (r.offset() >= end) {
                    break;
                }
                read++;
                CoordinatorRecord record;
                try {
                    record = codec.decode(r.key(), r.value());
                } catch (CorruptCoordinatorRecordException e) {
                    skipped++;
                    log.warn("Skipping {} at offset {}: {}", tp, r.offset(), e.getMessage());
                    continue;
                }
                Object key = keyOf(record);
                latest.remove(key);
                if (!(record instanceof OffsetTombstone) && !(record instanceof GroupTombstone)) {
                    latest.put(key, record);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CoordinatorNotAvailableException("replay of " + tp + " did not reach end offset " + end
                        + " within " + settings.loadTimeout().toMillis() + " ms");
            }
        }
        c.assign(List.of());
        log.info("Replayed {}: {} records up to offset {}, {} keys live, {} skipped as corrupt", tp, read, end,
                latest.size(), skipped);
        return List.copyOf(latest.values());
    }

    private static Object keyOf(CoordinatorRecord record) {
        if (record instanceof OffsetCommit c) {
            return List.of(c.group(), c.topic(), c.partition());
        }
        if (record instanceof OffsetTombstone t) {
            return List.of(t.group(), t.topic(), t.partition());
        }
        return record.group(); // GroupMetadata, GroupTombstone: one key per group, distinct from the lists above
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Creates the topic if it is absent; an existing topic (created by anyone) is fine. */
    private void ensureTopic() {
        if (topicReady) {
            return;
        }
        synchronized (this) {
            if (topicReady || metadata.topic(TOPIC).isPresent()) {
                // an existing topic is not created again: with a broker down, CreateTopics would be refused for
                // its replication factor before it could say the topic exists
                topicReady = true;
                return;
            }
            NewTopic topic = new NewTopic(TOPIC, settings.partitions(), settings.replicationFactor())
                    .configs(Map.of("cleanup.policy", "compact",
                            "segment.bytes", Integer.toString(settings.segmentBytes())));
            try {
                admin().createTopics(List.of(topic)).all()
                        .get(settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
                log.info("Created {} with {} partitions, replication factor {}", TOPIC, settings.partitions(),
                        settings.replicationFactor());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw toCoordinatorError(e.getCause(), "creating " + TOPIC);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CoordinatorNotAvailableException("interrupted while creating " + TOPIC, e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new CoordinatorNotAvailableException("creating " + TOPIC + " timed out", e);
            }
            topicReady = true;
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = common("producer");
            int timeout = Math.toIntExact(settings.commitTimeout().toMillis());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // a commit is answered only once written: batching by waiting would add its delay to every commit
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout - 1);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties p = common("admin");
            int timeout = Math.toIntExact(settings.commitTimeout().toMillis());
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            admin = Admin.create(p);
        }
        return admin;
    }

    /** Called under {@link #consumerLock}. */
    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Properties p = common("replay");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    /** Called under {@link #consumerLock}. */
    private void discardConsumer() {
        if (consumer != null) {
            try {
                consumer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.debug("Closing the replay consumer failed", e);
            }
            consumer = null;
        }
    }

    private Properties common(String role) {
        List<BrokerRegistration> brokers = metadata.liveBrokers();
        if (brokers.isEmpty()) {
            throw new CoordinatorNotAvailableException("no live broker is registered to reach " + TOPIC);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers.stream().map(b -> b.host() + ":" + b.port())
                .collect(Collectors.joining(",")));
        p.put("client.id", settings.clientId() + "-" + role);
        return p;
    }

    /** See the class Javadoc: the Kafka error the group side answers with. */
    static RuntimeException toCoordinatorError(Throwable failure, String action) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CoordinatorNotAvailableException || cause instanceof NotCoordinatorException
                || cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof TransactionCoordinatorFencedException) {
            log.warn("The brokers fenced this coordinator's write to {}: {}", TOPIC, cause.getMessage());
            return new NotCoordinatorException(action + " was fenced: " + cause.getMessage(), cause);
        }
        if (cause instanceof NotLeaderOrFollowerException || cause instanceof KafkaStorageException) {
            return new NotCoordinatorException(action + " failed: " + cause.getMessage(), cause);
        }
        if (cause instanceof WakeupException) {
            return new CoordinatorNotAvailableException(action + " interrupted: the offsets log is closing", cause);
        }
        return new CoordinatorNotAvailableException(action + " failed: " + cause, cause);
    }

    @Override
    public void close() {
        closed = true;
        sender.shutdown();
        try {
            sender.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(CLOSE_TIMEOUT);
            }
            if (admin != null) {
                admin.close(CLOSE_TIMEOUT);
            }
        }
        KafkaConsumer<byte[], byte[]> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        synchronized (consumerLock) {
            discardConsumer();
        }
    }
}

package io.tributary.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the timestamp of the record at a committed offset with a small pool of group-less KafkaConsumers, each
 * assigned to one partition at a time: the exact age of the oldest record a group has not consumed.
 *
 * <p>The read is "the first record at or after the offset": a committed offset can point at an offset that holds
 * no record any more (compacted away) or never held one a consumer receives (a transaction marker); the consumer
 * then delivers the next record, which is the one the group will read next. If only markers remain up to the log
 * end, the group has nothing left to consume and its age is 0. Uncommitted and aborted records count: they are
 * still ahead of the group.
 *
 * <p>One deadline, {@code read-timeout} from the start, bounds all of a request's reads together, however many
 * partitions it asks for: a read not done by then answers unknown, never a guess, and is cancelled, so no read of a
 * request that has returned waits in the pool's queue or keeps a reader past the deadline.
 *
 * <p>Consumers are created on first use and kept (at most one per reader) for the next reads; {@link #close()} stops
 * the readers and closes them, and a read that ends after that closes its consumer instead of keeping it.
 */
public final class RecordTimestamps implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordTimestamps.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Object> clientSettings;
    private final String clientIdPrefix;
    private final Duration readTimeout;
    private final BlockingQueue<KafkaConsumer<byte[], byte[]>> idle;
    private final ThreadPoolExecutor readers;
    private final AtomicInteger created = new AtomicInteger();
    /** Guards {@link #closed} with the idle queue, so that no consumer is kept once close has emptied it. */
    private final Object pool = new Object();
    private boolean closed;

    /**
     * @param clientSettings Kafka consumer settings, the bootstrap servers among them; group, offset and fetch
     *        settings of the readers' own replace any given here
     * @param clientIdPrefix client id of the readers, followed by a number
     * @param readers consumers (and threads) reading at once: bounds what lag reads cost the cluster
     * @param readTimeout how long all the reads of one {@link #at} call may take together
     */
    public RecordTimestamps(Map<String, ?> clientSettings, String clientIdPrefix, int readers,
                            Duration readTimeout) {
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be at least 1, not " + readers);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, not " + readTimeout);
        }
        this.clientSettings = Map.copyOf(clientSettings);
        this.clientIdPrefix = Objects.requireNonNull(clientIdPrefix, "clientIdPrefix");
        this.readTimeout = readTimeout;
        this.idle = new ArrayBlockingQueue<>(readers);
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(readers, readers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "lag-reader-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * The age of the record at each {@code offsets} entry, reading no further than {@code logEnds}; partitions
     * are read in parallel by the pool, all within one {@code read-timeout}.
     */
    public Map<TopicPartition, RecordAge> at(Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> logEnds) {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        Map<TopicPartition, Future<RecordAge>> reads = new HashMap<>();
        offsets.forEach((partition, offset) -> reads.put(partition,
                readers.submit(() -> read(partition, offset, logEnds.get(partition), deadline))));
        Map<TopicPartition, RecordAge> ages = new HashMap<>();
        reads.forEach((partition, read) -> ages.put(partition, await(read, deadline)));
        // Cancelled reads would otherwise stay queued until a reader reaches them.
        readers.purge();
        return ages;
    }

    /** Reads running or queued, of every request. */
    int readsInFlight() {
        return readers.getActiveCount() + readers.getQueue().size();
    }

    private static RecordAge await(Future<RecordAge> read, long deadline) {
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            read.cancel(false);
            return RecordAge.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            read.cancel(false);
            return RecordAge.UNKNOWN;
        }
    }

    private RecordAge read(TopicPartition partition, long offset, long logEnd, long deadline) {
        if (System.nanoTime() >= deadline) {
            return RecordAge.UNKNOWN;
        }
        KafkaConsumer<byte[], byte[]> consumer = borrow();
        boolean healthy = false;
        try {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                    if (record.offset() >= offset) {
                        healthy = true;
                        return RecordAge.at(record.timestamp());
                    }
                }
                if (consumer.position(partition, POLL) >= logEnd) {
                    healthy = true;
                    return RecordAge.NOTHING_TO_CONSUME;
                }
            }
            healthy = true;
            return RecordAge.UNKNOWN;
        } catch (KafkaException e) {
            log.warn("Reading the record at offset {} of {} for its timestamp failed: {}", offset, partition,
                    e.toString());
            return RecordAge.UNKNOWN;
        } finally {
            giveBack(consumer, healthy);
        }
    }

    /** Consumers created and not closed yet, idle or reading. */
    int openConsumers() {
        return created.get();
    }

    KafkaConsumer<byte[], byte[]> borrow() {
        KafkaConsumer<byte[], byte[]> consumer = idle.poll();
        if (consumer != null) {
            return consumer;
        }
        created.incrementAndGet();
        return new KafkaConsumer<>(config(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void giveBack(KafkaConsumer<byte[], byte[]> consumer, boolean healthy) {
        if (healthy) {
            consumer.assign(List.of());
            synchronized (pool) {
                if (!closed && idle.offer(consumer)) {
                    return;
                }
            }
        }
        closeOne(consumer);
    }

    private void closeOne(KafkaConsumer<byte[], byte[]> consumer) {
        created.decrementAndGet();
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    private Properties config() {
        Properties config = new Properties();
        config.putAll(clientSettings);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + created.get());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A commit that retention overtook between the offset lookup and this read: the next record is at the
        // new log start, which is where the group will resume.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        return config;
    }

    /**
     * Stops the readers, waits for a running read at most {@code read-timeout} (its deadline bounds it) and closes
     * the consumers.
     */
    @Override
    public void close() {
        List<KafkaConsumer<byte[], byte[]>> idleConsumers = new ArrayList<>();
        synchronized (pool) {
            closed = true;
            idle.drainTo(idleConsumers);
        }
        idleConsumers.forEach(this::closeOne);
        readers.shutdownNow();
        try {
            if (!readers.awaitTermination(readTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Lag readers still running {} after close; their consumers close when they end",
                        readTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

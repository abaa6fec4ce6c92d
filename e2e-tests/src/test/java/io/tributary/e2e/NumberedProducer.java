package io.tributary.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.tributary.e2e.cluster.Cluster;

/**
 * A steady stream of numbered records, {@code "<name>:<partition>:<n>"} with {@code n} counting up per partition, from one
 * idempotent {@code acks=all} producer (unless overridden) to every partition of a topic, for as long as the test
 * lets it run. Every acknowledgement is kept with its offset, and every failed send with its exception, for
 * {@link NumberedLog#check} to hold against what the partitions hold afterwards.
 *
 * <p>At most {@value #MAX_IN_FLIGHT} records are unacknowledged at any time: while the cluster cannot acknowledge,
 * the stream pauses instead of queueing without bound.
 */
final class NumberedProducer implements AutoCloseable {

    private static final int MAX_IN_FLIGHT = 2000;

    private final String name;
    private final String topic;
    private final int partitions;
    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final long[] next;
    private final Map<Integer, ConcurrentSkipListMap<Long, Long>> acked = new HashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Queue<Exception> errors = new ConcurrentLinkedQueue<>();

    private NumberedProducer(String name, Cluster cluster, String topic, int partitions,
            Map<String, Object> overrides) {
        this.name = name;
        this.topic = topic;
        this.partitions = partitions;
        this.next = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            acked.put(p, new ConcurrentSkipListMap<>());
        }
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // a failover (session expiry, election, clients' metadata refresh) fits well inside this
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                ProducerConfig.METADATA_MAX_AGE_CONFIG, 5_000));
        config.putAll(overrides);
        this.producer = cluster.producer(config);
    }

    /**
     * Starts sending {@code perPartitionPerTick} records to each partition every 10 ms; {@code name} tells its
     * records from those of other streams into the same topic.
     */
    static NumberedProducer start(String name, Cluster cluster, String topic, int partitions,
            int perPartitionPerTick, Map<String, Object> overrides) {
        NumberedProducer stream = new NumberedProducer(name, cluster, topic, partitions, overrides);
        stream.sender.scheduleAtFixedRate(() -> stream.tick(perPartitionPerTick), 0, 10, TimeUnit.MILLISECONDS);
        return stream;
    }

    private void tick(int perPartition) {
        for (int i = 0; i < perPartition; i++) {
            for (int p = 0; p < partitions; p++) {
                if (!inFlight.tryAcquire()) {
                    return;
                }
                int partition = p;
                long n = next[p]++;
                producer.send(new ProducerRecord<>(topic, partition, null, name + ":" + partition + ":" + n),
                        (metadata, error) -> {
                    inFlight.release();
                    if (error != null) {
                        failures.add(partition + ":" + n + " " + error);
                        errors.add(error);
                    } else {
                        acked.get(partition).put(metadata.offset(), n);
                    }
                });
            }
        }
    }

    String name() {
        return name;
    }

    /** How many records all partitions acknowledged so far. */
    long ackedCount() {
        return acked.values().stream().mapToLong(Map::size).sum();
    }

    /** Per partition, how many records were acknowledged so far. */
    Map<Integer, Integer> ackedPerPartition() {
        Map<Integer, Integer> counts = new HashMap<>();
        acked.forEach((p, offsets) -> counts.put(p, offsets.size()));
        return counts;
    }

    /** Whether every partition acknowledged more records than {@code before} shows for it. */
    boolean progressedSince(Map<Integer, Integer> before) {
        return acked.entrySet().stream().allMatch(e -> e.getValue().size() > before.getOrDefault(e.getKey(), 0));
    }

    /** Sends that failed for good (after the producer's own retries), as {@code "p:n exception"}. */
    List<String> failures() {
        return new ArrayList<>(failures);
    }

    /** The exceptions of {@link #failures()}. */
    List<Exception> errors() {
        return new ArrayList<>(errors);
    }

    /** Per partition, acknowledged offset → record number. */
    Map<TopicPartition, Map<Long, Long>> acknowledged() {
        Map<TopicPartition, Map<Long, Long>> copy = new HashMap<>();
        acked.forEach((p, offsets) -> copy.put(new TopicPartition(topic, p), Map.copyOf(offsets)));
        return copy;
    }

    /** Stops the stream and waits (up to 2 minutes) for every record sent to be acknowledged or failed. */
    @Override
    public void close() {
        sender.shutdownNow();
        try {
            if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the sender of " + topic + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}

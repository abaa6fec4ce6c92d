package io.tributary.spring.autoconfigure.listener.replay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Puts a listener's dead-letter records back into their source topic: the same partition the record failed on,
 * key, value and the record's own headers as they were, spring-kafka's {@code kafka_dlt-*} exception and origin
 * headers stripped, a new timestamp (the lag of the replayed record counts from its replay).
 *
 * <p>Exactly the records not replayed before are replayed: a consumer group per listener
 * ({@code <group>.<listener id>.dlt-replay}) commits what it replayed after each batch is acknowledged by the
 * cluster. A replay stops at the dead-letter topic's end as it was when the replay began, so records that fail
 * again and land there during the replay wait for the next one. If the application dies between publishing a batch
 * and committing it, that batch is replayed again by the next replay (at least once). One replay per listener at a
 * time in this application.
 */
public final class DeadLetterReplayer {

    private static final Log log = LogFactory.getLog(DeadLetterReplayer.class);
    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final String suffix;
    private final Duration timeout;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    /**
     * @param timeout how long one replay may run; what is left is reported and waits for the next replay
     */
    public DeadLetterReplayer(Map<String, Object> consumerConfig, Map<String, Object> producerConfig, String suffix,
                              Duration timeout) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.producerConfig = Map.copyOf(producerConfig);
        this.suffix = suffix;
        this.timeout = timeout;
    }

    public String deadLetterTopicOf(String sourceTopic) {
        return sourceTopic + suffix;
    }

    /**
     * Replays the dead-letter topic of each of {@code sourceTopics}; one that does not exist replays nothing.
     *
     * @throws ReplayRefusedException when a replay of the same listener is running
     * @throws KafkaException when the cluster refused or did not answer
     */
    public List<DeadLetterReplay> replay(String listenerId, String groupId, Set<String> sourceTopics) {
        ReentrantLock lock = running.computeIfAbsent(listenerId, id -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ReplayRefusedException("A dead-letter replay of listener '" + listenerId + "' is running");
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            String replayGroup = (groupId == null ? "" : groupId + ".") + listenerId + ".dlt-replay";
            List<DeadLetterReplay> replays = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(replayGroup);
                 KafkaProducer<byte[], byte[]> producer = producer()) {
                for (String source : sourceTopics) {
                    replays.add(replayTopic(consumer, producer, source, deadline));
                }
            }
            replays.stream().filter(replay -> replay.replayed() > 0).forEach(replay -> log.info("Replayed "
                    + replay.replayed() + " records of " + replay.deadLetterTopic() + " into " + replay.sourceTopic()
                    + " for listener " + listenerId + (replay.remaining() > 0 ? ", " + replay.remaining()
                    + " left for the next replay" : "")));
            return replays;
        } finally {
            lock.unlock();
        }
    }

    private DeadLetterReplay replayTopic(KafkaConsumer<byte[], byte[]> consumer,
                                         KafkaProducer<byte[], byte[]> producer, String source, long deadline) {
        String deadLetterTopic = deadLetterTopicOf(source);
        List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
        if (partitions.isEmpty()) {
            return new DeadLetterReplay(deadLetterTopic, source, 0, 0);
        }
        int sourcePartitions = partitions(consumer, source).size();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, remaining(deadline));
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                remaining(deadline));
        Set<TopicPartition> left = new HashSet<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata commit = committed.get(partition);
            long from = Math.max(commit == null ? 0 : commit.offset(), starts.get(partition));
            consumer.seek(partition, from);
            if (from < ends.get(partition)) {
                left.add(partition);
            }
        }
        long replayed = 0;
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            consumer.pause(partitions.stream().filter(p -> !left.contains(p)).toList());
            Map<TopicPartition, Long> next = new HashMap<>();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.get(partition)) {
                    continue;
                }
                sends.add(producer.send(replayOf(record, source, sourcePartitions)));
                next.put(partition, record.offset() + 1);
            }
            awaitAll(sends, deadline);
            if (!next.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                next.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
                consumer.commitSync(commits, remaining(deadline));
                replayed += sends.size();
            }
            for (TopicPartition partition : partitions) {
                if (left.contains(partition) && consumer.position(partition, remaining(deadline))
                        >= ends.get(partition)) {
                    left.remove(partition);
                }
            }
        }
        consumer.resume(partitions);
        long remaining = 0;
        for (TopicPartition partition : left) {
            remaining += Math.max(0, ends.get(partition) - consumer.position(partition, remaining(deadline)));
        }
        return new DeadLetterReplay(deadLetterTopic, source, replayed, remaining);
    }

    private static ProducerRecord<byte[], byte[]> replayOf(ConsumerRecord<byte[], byte[]> record, String source,
                                                           int sourcePartitions) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        int partition = originalPartition(record);
        // a source topic with fewer partitions than the record came from: let the partitioner choose
        Integer target = partition < sourcePartitions ? partition : null;
        return new ProducerRecord<>(source, target, null, record.key(), record.value(), headers);
    }

    private static int originalPartition(ConsumerRecord<byte[], byte[]> record) {
        Header original = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
        if (original != null && original.value() != null && original.value().length == Integer.BYTES) {
            return ByteBuffer.wrap(original.value()).getInt();
        }
        return record.partition();
    }

    private void awaitAll(List<Future<RecordMetadata>> sends, long deadline) {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new KafkaException("Publishing a dead-letter record back failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Publishing dead-letter records back took longer than " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while publishing dead-letter records back", e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // asking for a listener's dead-letter topic must not create it
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

package io.tributary.e2e.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.tributary.e2e.support.RawKafkaConnection;

/**
 * What a node does for its clients after a fuzz run, in two parts.
 * <ul>
 *   <li>{@link #servingProblems}: on every target, ApiVersions and Metadata on a fresh connection; a new topic
 *       created through the first target; with every target in turn as the bootstrap server, records produced by a
 *       kafka-clients producer and read back by a consumer in a group.</li>
 *   <li>{@link #readBackProblems}: whatever the node accepted into the fuzz topics reads with a kafka-clients
 *       consumer; a node that stored a batch no consumer can read has lost that partition for its consumers.</li>
 * </ul>
 * Each answers the list of what failed: empty means all is well.
 */
public final class ServiceCheck {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int RECORDS = 20;

    private ServiceCheck() {
    }

    public static List<String> readBackProblems(FuzzTarget target) {
        try {
            readFuzzTopics(target);
            return List.of();
        } catch (RuntimeException | AssertionError e) {
            return List.of("what the fuzz topics hold does not read: " + e);
        }
    }

    public static List<String> servingProblems(List<FuzzTarget> targets, String topic) {
        List<String> problems = new ArrayList<>();
        for (FuzzTarget target : targets) {
            try (RawKafkaConnection connection = RawKafkaConnection.open(target.host(), target.port(), DEADLINE)) {
                connection.apiVersions();
                if (!(connection.call(new MetadataRequest.Builder(List.of(FuzzTopics.LIVE), false)
                        .build(ApiKeys.METADATA.latestVersion())) instanceof MetadataResponse)) {
                    problems.add(target + ": Metadata answered with another API");
                }
            } catch (RuntimeException | AssertionError e) {
                problems.add(target + ": ApiVersions/Metadata failed: " + e);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, targets.get(0).bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all()
                    .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            problems.add("creating topic " + topic + " failed: " + e);
            return problems;
        }
        for (FuzzTarget target : targets) {
            try {
                produceAndConsume(target, topic);
            } catch (RuntimeException | AssertionError e) {
                problems.add(target + ": produce and consume failed: " + e);
            }
        }
        return problems;
    }

    /** Reads every partition of the fuzz topics from its start to the end offset the node reports. */
    private static void readFuzzTopics(FuzzTarget target) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(FuzzTopics.LIVE, FuzzTopics.COMPACT)) {
                consumer.partitionsFor(topic, DEADLINE)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, DEADLINE) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the fuzz topics did not read to " + end + " within " + DEADLINE);
                }
                consumer.poll(Duration.ofMillis(200));
            }
        }
    }

    private static void produceAndConsume(FuzzTarget target, String topic) {
        Set<String> sent = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String value = target.name() + "-" + i;
                producer.send(new ProducerRecord<>(topic, "k" + i, value)).get(DEADLINE.toMillis(),
                        TimeUnit.MILLISECONDS);
                sent.add(value);
            }
        } catch (Exception e) {
            throw new IllegalStateException("produce via " + target + " failed", e);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, topic + "-" + target.name(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + DEADLINE.toNanos();
            Set<String> missing = new HashSet<>(sent);
            while (!missing.isEmpty() && System.nanoTime() < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    missing.remove(record.value());
                }
            }
            if (!missing.isEmpty()) {
                throw new AssertionError("a consumer in a group via " + target + " did not read " + missing.size()
                        + " of " + RECORDS + " records within " + DEADLINE);
            }
            consumer.commitSync(DEADLINE);
        }
    }
}

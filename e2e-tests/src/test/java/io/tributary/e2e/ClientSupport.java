package io.tributary.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.tributary.e2e.support.Waiting;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the produce/consume, durability, idempotence and retention tests share: client configs with string
 * serdes, topic creation through Admin, reading partitions to their end with an {@code assign()} consumer, and the
 * partition's segment files on disk ({@code DIR/logs/<topic>-<p>/*.log}).
 */
final class ClientSupport {

    static final Duration CLIENT_DEADLINE = Duration.ofSeconds(60);

    private ClientSupport() {
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "e2e-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
    }

    /** Creates the topic (replication factor 1) and waits until the create is acknowledged. */
    static void createTopic(String bootstrap, String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("create topic " + topic + " (" + partitions + " partitions, " + configs
                    + ") failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Producer config with string serdes; everything else the kafka-clients default unless overridden. */
    static Properties producerConfig(String bootstrap, Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        return props;
    }

    /** Consumer config for {@code assign()} use: no group, earliest, string serdes. */
    static Properties consumerConfig(String bootstrap, Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.putAll(overrides);
        return props;
    }

    static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(consumerConfig(bootstrap, Map.of()));
    }

    /**
     * Reads {@code partitions} from their beginning up to the end offsets the broker reports at the start, with one
     * {@code assign()} consumer. Any exception a poll throws fails the read.
     */
    static Map<TopicPartition, List<ConsumerRecord<String, String>>> readAll(String bootstrap,
            Collection<TopicPartition> partitions) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            return readAll(consumer, partitions);
        }
    }

    static Map<TopicPartition, List<ConsumerRecord<String, String>>> readAll(KafkaConsumer<String, String> consumer,
            Collection<TopicPartition> partitions) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CLIENT_DEADLINE);
        Map<TopicPartition, List<ConsumerRecord<String, String>>> read = new HashMap<>();
        partitions.forEach(tp -> read.put(tp, new ArrayList<>()));
        Waiting.atMost(CLIENT_DEADLINE, () -> "read " + counts(read) + " of " + end).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                read.get(new TopicPartition(record.topic(), record.partition())).add(record);
            }
            return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        });
        return read;
    }

    static Map<TopicPartition, Integer> counts(Map<TopicPartition, List<ConsumerRecord<String, String>>> read) {
        Map<TopicPartition, Integer> counts = new HashMap<>();
        read.forEach((tp, records) -> counts.put(tp, records.size()));
        return counts;
    }

    static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    static Path partitionDir(Path dataDir, TopicPartition tp) {
        return dataDir.resolve("logs").resolve(tp.topic() + "-" + tp.partition());
    }

    /** The partition's segment files ({@code *.log}, not {@code *.log.deleted}), sorted by name = base offset. */
    static List<Path> segmentFiles(Path dataDir, TopicPartition tp) {
        Path dir = partitionDir(dataDir, tp);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            // deleted between listing and asking: it takes no space any more
            return 0;
        }
    }
}

package io.tributary.spring.e2e.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/** Plain kafka-clients views of the cluster, to check what the starter did without going through it. */
final class ClusterReads {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final String bootstrapServers;

    ClusterReads(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    RecordMetadata send(ProducerRecord<String, byte[]> record) throws Exception {
        return sendAll(List.of(record)).get(0);
    }

    /** Sends the records in order through one plain producer and returns where each landed. */
    List<RecordMetadata> sendAll(List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = records.stream().map(producer::send).toList();
            List<RecordMetadata> sent = new ArrayList<>();
            for (Future<RecordMetadata> send : sends) {
                sent.add(send.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
            return sent;
        }
    }

    /** The first record with {@code key} in {@code topic}, read from the beginning, waiting for the topic to exist. */
    ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) throws Exception {
        await().atMost(DEADLINE).until(() -> partitions(topic) > 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int partition = 0; partition < partitions(topic); partition++) {
                partitions.add(new TopicPartition(topic, partition));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(DEADLINE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    int partitions(String topic) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(DEADLINE.toSeconds(), TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        }
        catch (ExecutionException unknownTopic) {
            return 0;
        }
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all()
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The group's committed offset on a partition, if it has one. */
    Optional<Long> committed(String group, TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return Optional.ofNullable(offsets.get(partition)).map(OffsetAndMetadata::offset);
        }
    }

    long endOffset(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS).offset();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}

package io.tributary.e2e.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the group and lag tests set up through kafka-clients, beside the admin API they check: topics, records with
 * chosen timestamps, committed offsets.
 */
final class KafkaFixtures implements AutoCloseable {

    private final String bootstrap;
    private final Admin admin;

    KafkaFixtures(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "admin-e2e-fixtures"));
    }

    Admin admin() {
        return admin;
    }

    void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    void createTopic(String topic, int partitions, Map<String, String> configs) {
        await(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all());
    }

    /** Appends one record per timestamp (epoch ms) to the partition, in order: offsets follow the list. */
    void produce(String topic, int partition, List<Long> timestamps) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < timestamps.size(); i++) {
            records.add(new ProducerRecord<>(topic, partition, timestamps.get(i), "k" + i, "v" + i));
        }
        send(records);
    }

    /** Sends the records one at a time, each acknowledged before the next, so that offsets follow the list. */
    void send(List<ProducerRecord<String, String>> records) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("producing " + records.size() + " records failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Commits offsets for a group without members, as {@code kafka-consumer-groups --reset-offsets} does. */
    void commit(String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
        await(admin.alterConsumerGroupOffsets(groupId, commits).all());
    }

    Map<TopicPartition, OffsetAndMetadata> committed(String groupId) {
        return await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
    }

    static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}

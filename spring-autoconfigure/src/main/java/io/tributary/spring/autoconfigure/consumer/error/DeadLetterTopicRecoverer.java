package io.tributary.spring.autoconfigure.consumer.error;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * spring-kafka's dead-letter publishing to {@code <topic><suffix>}, the partition the record came from, with the
 * record's own headers and spring-kafka's exception headers. It publishes through a producer of its own that writes
 * the failed record's key and value bytes as they were read: the application's JSON template would encode the raw
 * value a second time. The dead-letter topic is created on first use when it does not exist.
 */
public final class DeadLetterTopicRecoverer extends DeadLetterPublishingRecoverer implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;
    private final DeadLetterTopics topics;
    private final String suffix;

    private DeadLetterTopicRecoverer(KafkaTemplate<String, byte[]> template,
                                     DefaultKafkaProducerFactory<String, byte[]> producerFactory,
                                     DeadLetterTopics topics, String suffix) {
        super(template, (record, exception) -> {
            String deadLetterTopic = record.topic() + suffix;
            topics.ensure(record.topic(), deadLetterTopic);
            return new TopicPartition(deadLetterTopic, record.partition());
        });
        this.producerFactory = producerFactory;
        this.topics = topics;
        this.suffix = suffix;
    }

    /**
     * @param producerConfig the dead-letter producer's client settings; serializers, acks and idempotence are set
     *                       here, since the publisher relies on them
     * @param adminConfig    settings of the admin client that creates missing dead-letter topics
     */
    public static DeadLetterTopicRecoverer create(Map<String, Object> producerConfig, Map<String, Object> adminConfig,
                                                  String suffix) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        DefaultKafkaProducerFactory<String, byte[]> producerFactory = new DefaultKafkaProducerFactory<>(config);
        return new DeadLetterTopicRecoverer(new KafkaTemplate<>(producerFactory), producerFactory,
                new DeadLetterTopics(adminConfig), suffix);
    }

    /** Where records of {@code sourceTopic} that failed every attempt are published. */
    public String deadLetterTopicOf(String sourceTopic) {
        return sourceTopic + suffix;
    }

    @Override
    public void destroy() {
        producerFactory.destroy();
        topics.close();
    }
}

package io.tributary.spring.autoconfigure.consumer.error;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferSerializer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.UUIDSerializer;
import org.apache.kafka.common.utils.Bytes;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * spring-kafka's dead-letter publishing to {@code <topic><suffix>}, the partition the record came from, with the
 * record's own headers and spring-kafka's exception headers. It publishes through a producer of its own that writes
 * the failed record's value bytes as they were read (the application's JSON template would encode the raw value a
 * second time), and its key with the serializer matching the type Kafka's deserializer of that type made of it, so
 * a String, byte[], Bytes, ByteBuffer, Long, Integer, Short, Double, Float or UUID key keeps its bytes. The
 * dead-letter topic is created on first use when it does not exist.
 */
public final class DeadLetterTopicRecoverer extends DeadLetterPublishingRecoverer implements DisposableBean {

    private final DefaultKafkaProducerFactory<Object, byte[]> producerFactory;
    private final DeadLetterTopics topics;
    private final String suffix;

    private DeadLetterTopicRecoverer(KafkaTemplate<Object, byte[]> template,
                                     DefaultKafkaProducerFactory<Object, byte[]> producerFactory,
                                     DeadLetterTopics topics, String suffix) {
        super(template, (record, exception) -> {
            String deadLetterTopic = record.topic() + suffix;
            topics.ensure(record.topic(), deadLetterTopic, record.partition());
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
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        DefaultKafkaProducerFactory<Object, byte[]> producerFactory = new DefaultKafkaProducerFactory<>(config,
                keySerializer(), new ByteArraySerializer());
        return new DeadLetterTopicRecoverer(new KafkaTemplate<>(producerFactory), producerFactory,
                new DeadLetterTopics(adminConfig), suffix);
    }

    /** Kafka's own serializer for each key type its deserializers make, so a key goes back as the bytes it was. */
    @SuppressWarnings("unchecked")
    static Serializer<Object> keySerializer() {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(String.class, new StringSerializer());
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Bytes.class, new BytesSerializer());
        byType.put(ByteBuffer.class, new ByteBufferSerializer());
        byType.put(Long.class, new LongSerializer());
        byType.put(Integer.class, new IntegerSerializer());
        byType.put(Short.class, new ShortSerializer());
        byType.put(Double.class, new DoubleSerializer());
        byType.put(Float.class, new FloatSerializer());
        byType.put(UUID.class, new UUIDSerializer());
        // assignable: a ByteBuffer key is one of its heap or direct subclasses
        return (Serializer<Object>) (Serializer<?>) new DelegatingByTypeSerializer(byType, true);
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

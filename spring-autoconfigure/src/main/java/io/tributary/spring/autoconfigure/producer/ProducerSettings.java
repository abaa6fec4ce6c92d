package io.tributary.spring.autoconfigure.producer;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import io.tributary.spring.autoconfigure.TributaryProperties;

/**
 * The producer's own Kafka settings from {@code tributary.producer.*}: the pass-through map first, then the keys of
 * their own, which win.
 */
final class ProducerSettings {

    private ProducerSettings() {
    }

    static Map<String, Object> of(TributaryProperties.Producer producer) {
        Map<String, Object> settings = new HashMap<>(producer.getProperties());
        settings.put(ProducerConfig.ACKS_CONFIG, producer.getAcks());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, producer.isIdempotence());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, producer.getLinger().toMillis());
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, producer.getCompressionType());
        settings.put(JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, producer.isAddTypeHeaders());
        return settings;
    }

    /**
     * Checks the configuration against Kafka's producer definitions (types, allowed values such as the compression
     * codec) and the pair of our own keys Kafka cross-checks, so that a mistake stops the start-up instead of the
     * first send. Kafka's parser is used rather than a ProducerConfig, which would log every value once more.
     *
     * @throws IllegalStateException with Kafka's reason
     */
    static void validate(Map<String, Object> config) {
        Map<String, Object> checked = new HashMap<>(config);
        // the factory hands serializer instances to the producer; the definitions only want some class named
        checked.putIfAbsent(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        checked.putIfAbsent(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Map<String, Object> parsed;
        try {
            parsed = ProducerConfig.configDef().parse(checked);
        } catch (ConfigException e) {
            throw new IllegalStateException("Invalid Tributary producer settings: " + e.getMessage(), e);
        }
        String acks = String.valueOf(parsed.get(ProducerConfig.ACKS_CONFIG));
        if (Boolean.TRUE.equals(parsed.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))
                && !"all".equals(acks) && !"-1".equals(acks)) {
            throw new IllegalStateException("Invalid Tributary producer settings: an idempotent producer "
                    + "(tributary.producer.idempotence=true) needs tributary.producer.acks=all, not " + acks);
        }
    }
}

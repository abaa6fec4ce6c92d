package io.tributary.spring.autoconfigure.consumer;

import java.util.HashMap;
import java.util.Map;

import io.tributary.spring.autoconfigure.TributaryProperties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The listeners' own consumer settings from {@code tributary.consumer.*}: the pass-through map first, then the keys
 * of their own, which win. Keys are read as Strings and values as bytes whatever is passed through, because the
 * listener's parameter type decides what a value becomes and the dead-letter topic gets the bytes as they were read;
 * offsets are committed by the listener containers, never by the client on its own.
 */
final class ListenerConsumerConfig {

    private ListenerConsumerConfig() {
    }

    static Map<String, Object> of(TributaryProperties.Consumer consumer) {
        Map<String, Object> config = new HashMap<>(consumer.getProperties());
        if (consumer.getGroupId() != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, consumer.getGroupId());
        }
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, consumer.getAutoOffsetReset());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, consumer.getMaxPollRecords());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}

package io.tributary.spring.autoconfigure.consumer;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * Changes the auto-configured listener container factory after the {@code tributary.consumer.*} properties are
 * applied. Every bean of this type is called, in {@link org.springframework.core.annotation.Order} order; the starters'
 * own features (listener operations, health) hook in the same way as an application's.
 */
@FunctionalInterface
public interface ListenerContainerFactoryCustomizer {

    void customize(ConcurrentKafkaListenerContainerFactory<Object, Object> factory);
}

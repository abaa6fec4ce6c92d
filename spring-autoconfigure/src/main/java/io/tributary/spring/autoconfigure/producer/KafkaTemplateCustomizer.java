package io.tributary.spring.autoconfigure.producer;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Changes the auto-configured {@link KafkaTemplate} after the starter's settings are applied (e.g. a default topic, a
 * producer listener). Every bean of this type is called, in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface KafkaTemplateCustomizer {

    void customize(KafkaTemplate<?, ?> template);
}

package io.tributary.spring.autoconfigure.producer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Changes the auto-configured producer factory after the {@code tributary.producer.*} properties are applied (e.g. a
 * different value serializer, a producer post-processor). Every bean of this type is called, in
 * {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface ProducerFactoryCustomizer {

    void customize(DefaultKafkaProducerFactory<?, ?> factory);
}

package io.tributary.spring.autoconfigure.consumer;

import io.tributary.spring.autoconfigure.TributaryProperties;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ContainerProperties;

/** Applies {@code tributary.consumer.*} and {@code tributary.observation.enabled} to a listener container factory. */
final class ListenerContainerSettings {

    private ListenerContainerSettings() {
    }

    static void apply(TributaryProperties properties, ConcurrentKafkaListenerContainerFactory<?, ?> factory) {
        TributaryProperties.Consumer consumer = properties.getConsumer();
        if (consumer.getConcurrency() < 1) {
            throw new IllegalArgumentException("tributary.consumer.concurrency must be at least 1, not "
                    + consumer.getConcurrency());
        }
        factory.setConcurrency(consumer.getConcurrency());
        factory.setBatchListener(consumer.isBatch());
        ContainerProperties container = factory.getContainerProperties();
        container.setAckMode(consumer.getAckMode());
        container.setPollTimeout(consumer.getPollTimeout().toMillis());
        container.setShutdownTimeout(consumer.getShutdownTimeout().toMillis());
        // a stopping container finishes the record in hand and commits, instead of working through the whole poll
        container.setStopImmediate(true);
        container.setObservationEnabled(properties.getObservation().isEnabled());
    }
}

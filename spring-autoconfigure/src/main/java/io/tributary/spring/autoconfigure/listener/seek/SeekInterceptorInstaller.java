package io.tributary.spring.autoconfigure.listener.seek;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

import io.tributary.spring.autoconfigure.consumer.ListenerContainerFactoryCustomizer;

/**
 * Puts {@link PendingSeeks} on the listener container factory as both record and batch interceptor (spring-kafka
 * uses the one matching the listener's kind for its per-poll hook), after any interceptor already set, which keeps
 * running first.
 */
public final class SeekInterceptorInstaller implements ListenerContainerFactoryCustomizer {

    private final PendingSeeks seeks;

    public SeekInterceptorInstaller(PendingSeeks seeks) {
        this.seeks = seeks;
    }

    @Override
    public void customize(ConcurrentKafkaListenerContainerFactory<Object, Object> factory) {
        RecordInterceptor<Object, Object> record = factory.getRecordInterceptor();
        factory.setRecordInterceptor(record == null ? seeks : new CompositeRecordInterceptor<>(record, seeks));
        BatchInterceptor<Object, Object> batch = factory.getBatchInterceptor();
        factory.setBatchInterceptor(batch == null ? seeks : new CompositeBatchInterceptor<>(batch, seeks));
    }
}

package io.tributary.spring.autoconfigure.consumer.batch;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * spring-kafka's container factory, with each batch listener wrapped so that a record the batch converter could
 * not convert fails after the records before it were processed (see {@link ConversionFailingBatchMessageConverter}).
 */
public class ConversionFailureListenerContainerFactory<K, V> extends ConcurrentKafkaListenerContainerFactory<K, V> {

    @Override
    @SuppressWarnings("unchecked")
    protected void initializeContainer(ConcurrentMessageListenerContainer<K, V> instance,
                                       KafkaListenerEndpoint endpoint) {
        super.initializeContainer(instance, endpoint);
        if (instance.getContainerProperties().getMessageListener() instanceof BatchMessageListener<?, ?> listener) {
            instance.setupMessageListener(new ConversionFailureBatchListener<>((BatchMessageListener<K, V>) listener));
        }
    }
}

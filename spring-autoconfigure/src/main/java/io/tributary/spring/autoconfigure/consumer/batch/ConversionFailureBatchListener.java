package io.tributary.spring.autoconfigure.consumer.batch;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.adapter.AbstractDelegatingMessageListenerAdapter;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Calls a batch listener, then throws the conversion failure {@link ConversionFailingBatchMessageConverter} left
 * for after it: the listener has processed the records before the failed one, so the error handler commits them.
 */
final class ConversionFailureBatchListener<K, V> extends AbstractDelegatingMessageListenerAdapter<BatchMessageListener<K, V>>
        implements BatchAcknowledgingConsumerAwareMessageListener<K, V> {

    ConversionFailureBatchListener(BatchMessageListener<K, V> delegate) {
        super(delegate);
    }

    @Override
    public void onMessage(List<ConsumerRecord<K, V>> records, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
        Optional<ConversionFailingBatchMessageConverter.Failure> failure;
        try {
            delegate.onMessage(records, acknowledgment, consumer);
        }
        finally {
            failure = ConversionFailingBatchMessageConverter.takeFailureAfterListener();
        }
        if (failure.isPresent()) {
            throw failure.get().toException();
        }
    }

    @Override
    public void onMessage(ConsumerRecords<K, V> records, Acknowledgment acknowledgment, Consumer<K, V> consumer) {
        delegate.onMessage(records, acknowledgment, consumer);
    }

    @Override
    public boolean wantsPollResult() {
        return delegate.wantsPollResult();
    }
}

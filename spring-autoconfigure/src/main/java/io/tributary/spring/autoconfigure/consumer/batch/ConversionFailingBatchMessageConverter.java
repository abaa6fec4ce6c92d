package io.tributary.spring.autoconfigure.consumer.batch;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.messaging.Message;

/**
 * A batch converter that never hands the listener a null for a record it cannot convert. spring-kafka's own puts
 * null in the list and logs a WARN: the record is neither retried nor dead-lettered, and a listener that trips over
 * the null fails the whole batch, good records included.
 *
 * <p>Here the listener gets the records before the first one that fails (all of them when none does). When the very
 * first record fails, the conversion throws spring-kafka's {@link BatchListenerFailedException} for it, so the error
 * handler sends it to the dead-letter topic (a conversion failure is never retried) and redelivers the rest. When a
 * later record fails, it is remembered for the consumer thread, and {@link ConversionFailureBatchListener} throws that
 * exception once the listener has processed the records before it: the error handler commits those, and goes on as
 * above (a manually acknowledging listener's acknowledgment of that cut batch is left to it, see
 * {@link CutBatchAcknowledgment}).
 */
public class ConversionFailingBatchMessageConverter extends BatchMessagingMessageConverter {

    /** A record that failed conversion after the ones the listener was given. */
    record Failure(ConsumerRecord<?, ?> record, ConversionException exception) {

        BatchListenerFailedException toException() {
            return new BatchListenerFailedException(exception.getMessage(), exception, record);
        }
    }

    private static final ThreadLocal<Failure> AFTER_LISTENER = new ThreadLocal<>();

    public ConversionFailingBatchMessageConverter(RecordMessageConverter recordConverter) {
        super(recordConverter);
    }

    @Override
    public Message<?> toMessage(List<ConsumerRecord<?, ?>> records, Acknowledgment acknowledgment,
                                Consumer<?, ?> consumer, Type type) {
        AFTER_LISTENER.remove();
        Message<?> message = super.toMessage(records, acknowledgment, consumer, type);
        List<?> failures = message.getHeaders().get(KafkaHeaders.CONVERSION_FAILURES, List.class);
        int index = failures == null ? -1 : firstFailure(failures);
        if (index < 0) {
            return message;
        }
        Failure failure = new Failure(records.get(index), (ConversionException) failures.get(index));
        if (index == 0) {
            throw failure.toException();
        }
        AFTER_LISTENER.set(failure);
        return super.toMessage(records.subList(0, index),
                acknowledgment == null ? null : new CutBatchAcknowledgment(acknowledgment), consumer, type);
    }

    /** Converts without spring-kafka's fallback to null, which would also add a deserialization header to the record. */
    @Override
    protected Object convert(ConsumerRecord<?, ?> record, Type type, List<ConversionException> conversionFailures) {
        Type elementType = ((ParameterizedType) type).getActualTypeArguments()[0];
        try {
            Object payload = getRecordMessageConverter().toMessage(record, null, null, elementType).getPayload();
            conversionFailures.add(null);
            return payload;
        }
        catch (ConversionException e) {
            conversionFailures.add(e);
            return null;
        }
    }

    /** The failure this consumer thread's last batch left for after the listener, if any; it is forgotten. */
    static Optional<Failure> takeFailureAfterListener() {
        Failure failure = AFTER_LISTENER.get();
        AFTER_LISTENER.remove();
        return Optional.ofNullable(failure);
    }

    private static int firstFailure(List<?> failures) {
        for (int i = 0; i < failures.size(); i++) {
            if (failures.get(i) != null) {
                return i;
            }
        }
        return -1;
    }
}

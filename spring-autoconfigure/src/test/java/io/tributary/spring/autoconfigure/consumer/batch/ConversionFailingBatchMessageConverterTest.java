package io.tributary.spring.autoconfigure.consumer.batch;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.spring.autoconfigure.consumer.json.ParameterTypeJsonMessageConverter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversionFailingBatchMessageConverterTest {

    record Order(String id) {
    }

    private static final Type LIST_OF_ORDERS = new ParameterizedTypeReference<List<Order>>() { }.getType();

    private final ConversionFailingBatchMessageConverter converter = new ConversionFailingBatchMessageConverter(
            new ParameterTypeJsonMessageConverter(JsonMapper.builder().build(), List.of(),
                    getClass().getClassLoader()));

    @AfterEach
    void forgetFailure() {
        ConversionFailingBatchMessageConverter.takeFailureAfterListener();
    }

    @Test
    void aBatchThatConvertsIsWholeAndLeavesNothingForAfterTheListener() {
        Message<?> message = converter.toMessage(List.of(record(0, "{\"id\":\"a\"}"), record(1, "{\"id\":\"b\"}")),
                null, null, LIST_OF_ORDERS);

        assertThat(message.getPayload()).isEqualTo(List.of(new Order("a"), new Order("b")));
        assertThat(ConversionFailingBatchMessageConverter.takeFailureAfterListener()).isEmpty();
    }

    @Test
    void aFailedFirstRecordFailsTheBatchAtThatRecord() {
        ConsumerRecord<?, ?> bad = record(0, "{not json");

        assertThatThrownBy(() -> converter.toMessage(List.of(bad, record(1, "{\"id\":\"b\"}")), null, null,
                LIST_OF_ORDERS))
                .isInstanceOfSatisfying(BatchListenerFailedException.class,
                        e -> assertThat(e.getRecord()).isSameAs(bad))
                .hasCauseInstanceOf(ConversionException.class);
    }

    @Test
    void aLaterFailedRecordCutsTheBatchBeforeItAndFailsAfterTheListener() {
        ConsumerRecord<?, ?> bad = record(1, "{not json");

        Message<?> message = converter.toMessage(List.of(record(0, "{\"id\":\"a\"}"), bad,
                record(2, "{\"id\":\"c\"}")), null, null, LIST_OF_ORDERS);

        assertThat(message.getPayload()).isEqualTo(List.of(new Order("a")));
        assertThat(message.getHeaders().get(KafkaHeaders.OFFSET, List.class)).containsExactly(0L);
        assertThat(bad.headers().toArray()).as("no deserialization header added to the record").isEmpty();
        assertThat(ConversionFailingBatchMessageConverter.takeFailureAfterListener())
                .hasValueSatisfying(failure -> assertThat(failure.toException().getRecord()).isSameAs(bad));
        assertThat(ConversionFailingBatchMessageConverter.takeFailureAfterListener()).isEmpty();
    }

    /** The poll's acknowledgment would commit the records after the cut, which the listener never saw. */
    @Test
    void aManualListenerAcknowledgingACutBatchDoesNotAcknowledgeThePoll() {
        AtomicInteger pollAcknowledged = new AtomicInteger();
        Acknowledgment poll = pollAcknowledged::incrementAndGet;

        Message<?> message = converter.toMessage(List.of(record(0, "{\"id\":\"a\"}"), record(1, "{not json"),
                record(2, "{\"id\":\"c\"}")), poll, null, LIST_OF_ORDERS);
        message.getHeaders().get(KafkaHeaders.ACKNOWLEDGMENT, Acknowledgment.class).acknowledge();

        assertThat(pollAcknowledged).hasValue(0);
        Message<?> whole = converter.toMessage(List.of(record(3, "{\"id\":\"d\"}")), poll, null, LIST_OF_ORDERS);
        assertThat(whole.getHeaders().get(KafkaHeaders.ACKNOWLEDGMENT)).isSameAs(poll);
    }

    private static ConsumerRecord<?, ?> record(long offset, String json) {
        return new ConsumerRecord<>("orders", 0, offset, "k", json.getBytes(StandardCharsets.UTF_8));
    }
}

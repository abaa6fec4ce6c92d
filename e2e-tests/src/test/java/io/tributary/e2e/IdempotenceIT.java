package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tributary.e2e.ResponseHoldingProxy.ProducedBatch;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotent producer that retries a Produce the broker already appended leaves exactly one copy in the log.
 *
 * <p>All client traffic goes through {@link ResponseHoldingProxy}: the broker advertises the proxy's port, so
 * even reconnects land there. The proxy withholds the answer to one Produce for longer than the producer's
 * {@code request.timeout.ms}; the producer gives up on that connection and sends the same batch (same producer id,
 * epoch and sequence) again on a new one. The broker must answer the second copy as a duplicate, not append it.
 *
 * <p>Other batches may be sent more than once too, on the same connection: a Produce answered with a retriable
 * error is retried there. The first batch meets one when it arrives while the broker is still creating the new
 * topic's partition (UNKNOWN_TOPIC_ID, as a Kafka broker answers before it hosts the partition; seen under load).
 * Such a batch was refused, not appended, and the log must hold it once all the same.
 */
class IdempotenceIT {

    private static final Duration HOLD = Duration.ofSeconds(5);
    private static final int REQUEST_TIMEOUT_MS = 3000;

    @TempDir
    static Path dataDir;

    private static ResponseHoldingProxy proxy;
    private static TributaryProcess tributary;

    @BeforeAll
    static void start() {
        int kafkaPort = Ports.free();
        proxy = new ResponseHoldingProxy(kafkaPort, HOLD);
        tributary = TributaryProcess.startStandaloneOn(dataDir, kafkaPort, Ports.free(),
                "--advertised.listeners=PLAINTEXT://127.0.0.1:" + proxy.port());
    }

    @AfterAll
    static void stop() {
        if (tributary != null) {
            tributary.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void produceRetriedAfterRequestTimeoutIsNotDuplicated() throws Exception {
        String topic = "retried";
        TopicPartition tp = new TopicPartition(topic, 0);
        ClientSupport.createTopic(proxy.bootstrap(), topic, 1, Map.of());

        List<String> values = new ArrayList<>();
        List<RecordMetadata> acked = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ClientSupport.producerConfig(
                proxy.bootstrap(), Map.of(
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60000,
                        ProducerConfig.LINGER_MS_CONFIG, 20)))) {
            acked.addAll(sendAll(producer, topic, "before", 10, values));

            proxy.holdNextProduceResponse();
            long heldAt = System.nanoTime();
            acked.addAll(sendAll(producer, topic, "held", 5, values));
            long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heldAt);
            assertThat(proxy.holdsStarted()).as("the proxy held a Produce response").isEqualTo(1);
            assertThat(heldMillis).as("the held send completed only after the request timeout")
                    .isGreaterThanOrEqualTo(REQUEST_TIMEOUT_MS);

            acked.addAll(sendAll(producer, topic, "after", 10, values));
        }

        // the broker got the batch whose answer was withheld again, over another connection
        List<ProducedBatch> batches = proxy.producedBatches();
        assertThat(proxy.undecodableProduceRequests()).isZero();
        List<ProducedBatch> held = batches.stream().filter(ProducedBatch::held).toList();
        assertThat(held).as("batches of the held Produce among %s", batches).isNotEmpty();
        held.forEach(original -> assertThat(batches)
                .as("%s sent again over another connection, among %s", original, batches)
                .anyMatch(copy -> copy.sameBatchAs(original) && copy.connection() != original.connection()));

        // the acknowledged offsets are 0..24 in send order
        for (int i = 0; i < acked.size(); i++) {
            assertThat(acked.get(i).offset()).as("acknowledged offset of %s", values.get(i)).isEqualTo(i);
        }

        // and the log holds each record exactly once, in order
        List<ConsumerRecord<String, String>> read = ClientSupport.readAll(proxy.bootstrap(), List.of(tp)).get(tp);
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(values);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).offset()).isEqualTo(i);
        }
    }

    /** Sends {@code count} records to partition 0 in one go, then waits for all of them. */
    private static List<RecordMetadata> sendAll(KafkaProducer<String, String> producer, String topic, String prefix,
            int count, List<String> values) throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            values.add(value);
            futures.add(producer.send(new ProducerRecord<>(topic, 0, "k", value)));
        }
        producer.flush();
        List<RecordMetadata> metadata = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            metadata.add(future.get(0, TimeUnit.SECONDS));
        }
        return metadata;
    }
}

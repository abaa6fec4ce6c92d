package io.tributary.spring.e2e.consumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tributary.spring.e2e.consumer.events.Task;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FAILING;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FAILING_TOO;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.FLAKY;
import static io.tributary.spring.e2e.consumer.ListenerTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** tributary.consumer.retry.max-attempts=3: retries with back-off, then the dead-letter topic. */
class ErrorHandlingTest extends ConsumerE2eTest {

    @Autowired
    private KafkaTemplate<String, Object> template;

    @Autowired
    private Deliveries deliveries;

    @Value("${tributary.embedded.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void aListenerThatFailsTwiceIsCalledThreeTimesAndProcessesTheRecordOnce() throws Exception {
        Task flaky = new Task(UUID.randomUUID().toString(), 2);
        Task next = new Task(UUID.randomUUID().toString(), 0);
        template.send(FLAKY, 0, flaky.id(), flaky).get(10, TimeUnit.SECONDS);
        template.send(FLAKY, 0, next.id(), next).get(10, TimeUnit.SECONDS);
        // the partition is read in order: once the next record is processed, the flaky one is done with
        await().atMost(ClusterReads.DEADLINE).until(() -> deliveries.of(FLAKY).contains(next));
        assertThat(deliveries.attempts(flaky.id())).isEqualTo(3);
        assertThat(deliveries.of(FLAKY)).containsOnlyOnce(flaky);
    }

    @Test
    void aListenerThatAlwaysFailsSendsTheRecordToTheDeadLetterTopicOnItsPartition() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] value = ("{\"id\":\"" + id + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(FAILING, 1, id, value);
        record.headers().add("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        RecordMetadata sent = cluster.send(record);

        ConsumerRecord<String, byte[]> dead = cluster.awaitRecord(FAILING + ".DLT", id);

        assertThat(dead.partition()).isEqualTo(1);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(header(dead, "trace-id")).isEqualTo("t-42");
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("order " + id + " cannot be billed");
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("cannot be billed");
        assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(FAILING);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt())
                .isEqualTo(1);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
                .isEqualTo(sent.offset());
        assertThat(deliveries.attempts(id)).isEqualTo(3);
        assertThat(cluster.partitions(FAILING + ".DLT")).isEqualTo(cluster.partitions(FAILING));
    }

    @Test
    void aDeadLetterTopicWithFewerPartitionsThanItsSourceIsRaisedToTheSourcesCount() throws Exception {
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        cluster.createTopic(FAILING_TOO + ".DLT", 1);
        String id = UUID.randomUUID().toString();
        cluster.send(new ProducerRecord<>(FAILING_TOO, 1, id,
                ("{\"id\":\"" + id + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8)));

        await().atMost(ClusterReads.DEADLINE).until(() -> cluster.partitions(FAILING_TOO + ".DLT") == 2);
        assertThat(cluster.awaitRecord(FAILING_TOO + ".DLT", id).partition()).isEqualTo(1);
    }
}

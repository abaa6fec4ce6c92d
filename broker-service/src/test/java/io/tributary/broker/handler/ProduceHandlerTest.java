package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicAssignment;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.RequestContext;

/**
 * An idempotent producer that starts right after CreateTopics: its metadata already names this broker as the
 * leader (the topic is in ZooKeeper) while the broker is still creating the partition. Its Produce is refused with a
 * retriable error and must store nothing, so that its retries, on the same connection, store each batch once and in
 * order. Real logs on disk; the Produce requests as kafka-clients 4.4 sends them (v13, topic ids).
 */
class ProduceHandlerTest {

    private static final int BROKER = 1;
    private static final long PRODUCER_ID = 7L;
    private static final short EPOCH = 0;
    private static final Uuid TOPIC_ID = Uuid.randomUuid();

    @TempDir
    Path dataDir;

    private LogManager logs;
    private PartitionManager partitions;
    private ProduceHandler handler;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() {
        logs = new LogManager(List.of(dataDir), LogConfig.defaults(), Clock.systemUTC());
        logs.startup();
        partitions = new PartitionManager(BROKER, logs, TopicConfigSchema.KAFKA);
        handler = new ProduceHandler(partitions, timer);
    }

    @AfterEach
    void shutdown() {
        timer.shutdownNow();
        logs.shutdown();
    }

    @Test
    void aBatchRefusedBeforeThePartitionExistedIsStoredOnceWhenRetried() {
        assertThat(errorOf(produce(0, "a", "b"))).as("before the partition exists")
                .isEqualTo(Errors.UNKNOWN_TOPIC_ID);
        assertThat(logs.all()).as("logs created by the refused Produce").isEmpty();

        partitions.onTopicChanged(topic());
        ProduceResponseData.PartitionProduceResponse retried = answer(produce(0, "a", "b"));
        ProduceResponseData.PartitionProduceResponse retriedAgain = answer(produce(0, "a", "b"));

        assertThat(Errors.forCode(retried.errorCode())).isEqualTo(Errors.NONE);
        assertThat(retried.baseOffset()).isZero();
        assertThat(Errors.forCode(retriedAgain.errorCode())).as("a duplicate is acknowledged").isEqualTo(Errors.NONE);
        assertThat(retriedAgain.baseOffset()).as("at its original offset").isZero();
        assertThat(storedValues()).containsExactly("a", "b");
    }

    @Test
    void aPipelinedBatchDoesNotOvertakeTheRefusedFirstOne() {
        assertThat(errorOf(produce(0, "a", "b"))).isEqualTo(Errors.UNKNOWN_TOPIC_ID);

        partitions.onTopicChanged(topic());

        assertThat(errorOf(produce(2, "c"))).as("the second batch, arriving first at the new partition")
                .isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(answer(produce(0, "a", "b")).baseOffset()).isZero();
        assertThat(answer(produce(2, "c")).baseOffset()).isEqualTo(2);
        assertThat(storedValues()).containsExactly("a", "b", "c");
    }

    private static TopicMetadata topic() {
        return new TopicMetadata("fresh", new TopicAssignment(TOPIC_ID.toString(), Map.of(0, List.of(BROKER)),
                Map.of()), Map.of(0, new PartitionState(BROKER, 0, List.of(BROKER), 1)));
    }

    /**
     * One idempotent batch for partition 0, addressed by topic id as Produce v13 does, acks=all; a new request each
     * time, as a retry is (the broker writes offsets into the batch it appends).
     */
    private static ProduceRequestData produce(int baseSequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setTopicId(TOPIC_ID).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords
                        .withIdempotentRecords(Compression.NONE, PRODUCER_ID, EPOCH, baseSequence, records)))));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics);
    }

    private Errors errorOf(ProduceRequestData request) {
        return Errors.forCode(answer(request).errorCode());
    }

    private ProduceResponseData.PartitionProduceResponse answer(ProduceRequestData request) {
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.PRODUCE, (short) 13, "producer-1", 1),
                new InetSocketAddress("127.0.0.1", 50_000), "test-connection");
        ProduceResponseData response = (ProduceResponseData) handler.handle(context, request).join();
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    private List<String> storedValues() {
        List<String> values = new ArrayList<>();
        var log = partitions.partition("fresh", 0).orElseThrow().log();
        for (RecordBatch batch : log.read(0, Integer.MAX_VALUE, log.logEndOffset(), true).records().batches()) {
            for (Record record : batch) {
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        }
        return values;
    }
}

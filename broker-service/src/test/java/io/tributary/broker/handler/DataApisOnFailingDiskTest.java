package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.CleanerConfig;
import io.tributary.broker.log.FaultyStorageIo;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicAssignment;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.protocol.RequestContext;

/**
 * Produce, Fetch and ListOffsets over real logs: a waiting fetch compares offsets instead of reading on every
 * append, and a partition whose log directory failed answers KAFKA_STORAGE_ERROR to each of them, never silence
 * (an acks=0 produce, which has no response, closes its connection).
 */
class DataApisOnFailingDiskTest {

    @TempDir
    Path tempDir;

    private final FaultyStorageIo io = new FaultyStorageIo();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private LogManager logs;
    private PartitionManager partitions;
    private Partition partition;

    @BeforeEach
    void start() {
        logs = new LogManager(List.of(tempDir), LogConfig.defaults(), CleanerConfig.DEFAULT, java.time.Clock.systemUTC(), io);
        logs.startup();
        partitions = new PartitionManager(1, logs, TopicConfigSchema.KAFKA);
        partitions.onTopicChanged(new TopicMetadata("t",
                new TopicAssignment(Uuid.randomUuid().toString(), Map.of(0, List.of(1)), Map.of()),
                Map.of(0, new PartitionState(1, 0, List.of(1), 0))));
        partition = partitions.partition("t", 0).orElseThrow();
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        logs.shutdown();
    }

    private static MemoryRecords records(int valueBytes) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("x".repeat(valueBytes).getBytes(StandardCharsets.UTF_8)));
    }

    private static RequestContext context(ApiKeys api) {
        return new RequestContext(new RequestHeader(api, api.latestVersion(), "test", 1),
                InetSocketAddress.createUnresolved("client", 1), "connection-1");
    }

    private static FetchRequestData fetch(int minBytes) {
        return new FetchRequestData().setMaxWaitMs(30_000).setMinBytes(minBytes).setMaxBytes(1 << 20)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("t").setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                .setPartitionMaxBytes(1 << 20).setCurrentLeaderEpoch(-1)))));
    }

    private static ProduceRequestData produce(String topic, short acks) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records(10)))));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(5_000).setTopicData(topics);
    }

    @Test
    void aWaitingFetchComparesOffsetsAndReadsOnceWhenMinBytesHaveArrived() throws Exception {
        FetchHandler handler = new FetchHandler(partitions, timer);
        FetchRequestData request = fetch(600);
        FetchHandler.FetchOutcome first = handler.read(request, false);
        assertThat(first.bytes()).isZero();
        AtomicInteger reads = new AtomicInteger();
        DelayedFetch delayed = new DelayedFetch(first.watches(), () -> {
            reads.incrementAndGet();
            return handler.read(request, false);
        }, request.minBytes());
        delayed.start(timer, 30, TimeUnit.SECONDS);

        for (int i = 0; i < 3; i++) {
            partition.appendAsLeader(records(50), (short) 1);
        }
        assertThat(delayed.future()).as("about 240 bytes arrived, 600 are asked for").isNotDone();
        assertThat(reads).as("appends are compared by offset and position, not read").hasValue(0);

        partition.appendAsLeader(records(500), (short) 1);
        FetchHandler.FetchOutcome outcome = delayed.future().get(10, TimeUnit.SECONDS);
        assertThat(reads).hasValue(1);
        assertThat(outcome.bytes()).isGreaterThanOrEqualTo(600);
    }

    @Test
    void aPartitionInAFailedDirectoryAnswersKafkaStorageErrorToEveryDataApi() throws Exception {
        ProduceHandler produce = new ProduceHandler(partitions, timer);
        assertThat(produce.handle(context(ApiKeys.PRODUCE), produce("t", (short) -1)).get(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ProduceResponseData.class, r -> assertThat(errorOf(r)).isEqualTo(Errors.NONE));

        io.fullDisk(tempDir, 7);
        ProduceResponseData failed = (ProduceResponseData) produce.handle(context(ApiKeys.PRODUCE), produce("t", (short) -1))
                .get(10, TimeUnit.SECONDS);
        assertThat(errorOf(failed)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThat(failed.responses().iterator().next().partitionResponses().get(0).errorMessage())
                .contains("No space left on device");

        FetchResponseData fetched = (FetchResponseData) new FetchHandler(partitions, timer)
                .handle(context(ApiKeys.FETCH), fetch(1)).get(10, TimeUnit.SECONDS);
        assertThat(fetched.responses().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());

        ListOffsetsRequestData listOffsets = new ListOffsetsRequestData().setTopics(List.of(
                new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(0)))));
        ListOffsetsResponseData offsets = (ListOffsetsResponseData) new ListOffsetsHandler(partitions)
                .handle(context(ApiKeys.LIST_OFFSETS), listOffsets).get(10, TimeUnit.SECONDS);
        assertThat(offsets.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());

        CompletableFuture<ApiMessage> fireAndForget = produce.handle(context(ApiKeys.PRODUCE), produce("t", (short) 0));
        assertThat(fireAndForget).as("acks=0 has no response: the connection is closed instead")
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(KafkaStorageException.class);
    }

    @Test
    void aTopicWhoseLogsCannotBeCreatedLeavesTheOtherTopicsServed() throws Exception {
        io.fullDisk(tempDir, 0);
        assertThatThrownBy(() -> partition.appendAsLeader(records(10), (short) 1))
                .isInstanceOf(KafkaStorageException.class);

        partitions.onTopicChanged(new TopicMetadata("later",
                new TopicAssignment(Uuid.randomUuid().toString(), Map.of(0, List.of(1), 1, List.of(1)), Map.of()),
                Map.of(0, new PartitionState(1, 0, List.of(1), 0), 1, new PartitionState(1, 0, List.of(1), 0))));

        assertThat(partitions.partition("later", 0)).as("no log directory is online").isEmpty();
        assertThat(partitions.partition("t", 0)).isPresent();
    }

    @Test
    void anAcksZeroProduceThatSucceedsHasNoResponseAndOneThatFailsClosesTheConnection() throws Exception {
        ProduceHandler produce = new ProduceHandler(partitions, timer);
        assertThat(produce.handle(context(ApiKeys.PRODUCE), produce("t", (short) 0)).get(10, TimeUnit.SECONDS)).isNull();
        assertThat(produce.handle(context(ApiKeys.PRODUCE), produce("missing", (short) 0)))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    private static Errors errorOf(ProduceResponseData response) {
        return Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }
}

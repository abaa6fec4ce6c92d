package io.tributary.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.HeartbeatResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.protocol.codec.FrameRejections;
import io.tributary.protocol.metrics.RequestMetrics;
import io.tributary.protocol.network.Transport;

/** A real server on a random port, driven by raw sockets. */
class KafkaProtocolServerTest {

    private static final short HEARTBEAT_VERSION = 4;
    private static final short FETCH_VERSION = 12;

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void apiVersionsAdvertisesExactlyTheRegisteredKeys(Transport transport) throws IOException {
        ApiRegistry registry = new ApiRegistry()
                .register(ApiKeys.HEARTBEAT, (context, request) -> CompletableFuture.completedFuture(null))
                .register(ApiKeys.METADATA, (short) 1, (short) 9, (context, request) -> CompletableFuture.completedFuture(null));
        RawKafkaClient client = connect(start(registry, transport));

        short version = ApiKeys.API_VERSIONS.latestVersion(false);
        client.send(frame(new ApiVersionsRequest.Builder().build(version).data(), ApiKeys.API_VERSIONS, version, 1));
        ApiVersionsResponse response = (ApiVersionsResponse) client.receive(ApiKeys.API_VERSIONS, version).body();

        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ranges(response.data())).containsExactlyInAnyOrderEntriesOf(Map.of(
                ApiKeys.API_VERSIONS.id, List.of((short) 0, version),
                ApiKeys.HEARTBEAT.id, List.of(ApiKeys.HEARTBEAT.oldestVersion(), ApiKeys.HEARTBEAT.latestVersion(false)),
                ApiKeys.METADATA.id, List.of((short) 1, (short) 9)));
    }

    @Test
    void apiVersionsTooNewIsAnsweredAtV0WithUnsupportedVersion() throws IOException {
        RawKafkaClient client = connect(start(new ApiRegistry()));

        client.send(KafkaWire.requestFrame(ApiKeys.API_VERSIONS, (short) 99, 3,
                new ApiVersionsRequestData().setClientSoftwareName("future-client").setClientSoftwareVersion("9"), (short) 3));
        RawKafkaClient.Response response = client.receive(ApiKeys.API_VERSIONS, (short) 0);

        ApiVersionsResponseData data = ((ApiVersionsResponse) response.body()).data();
        assertThat(response.correlationId()).isEqualTo(3);
        assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();

        client.send(frame(new ApiVersionsRequestData(), ApiKeys.API_VERSIONS, (short) 0, 4));
        assertThat(client.receive(ApiKeys.API_VERSIONS, (short) 0).correlationId()).as("retry at v0").isEqualTo(4);
    }

    @Test
    void unregisteredKeyOrVersionGetsUnsupportedVersion() throws IOException {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.METADATA, (short) 1, (short) 9,
                (context, request) -> CompletableFuture.failedFuture(new AssertionError("not at this version")));
        RawKafkaClient client = connect(start(registry));

        client.send(frame(deleteAcls(), ApiKeys.DELETE_ACLS, (short) 3, 1));
        assertThat(client.receive(ApiKeys.DELETE_ACLS, (short) 3).body().errorCounts())
                .containsOnlyKeys(Errors.UNSUPPORTED_VERSION);

        MetadataRequestData metadata = new MetadataRequestData().setTopics(List.of(new MetadataRequestTopic().setName("t")));
        client.send(frame(metadata, ApiKeys.METADATA, (short) 12, 2));
        assertThat(client.receive(ApiKeys.METADATA, (short) 12).body().errorCounts())
                .containsOnlyKeys(Errors.UNSUPPORTED_VERSION);
    }

    @Test
    void pipelinedResponsesLeaveInRequestOrderWhenTheFirstHandlerFinishesLast() throws Exception {
        CompletableFuture<ApiMessage> first = new CompletableFuture<>();
        CountDownLatch othersAnswered = new CountDownLatch(2);
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.HEARTBEAT, (context, request) -> {
            if (context.header().correlationId() == 1) {
                return first;
            }
            othersAnswered.countDown();
            return CompletableFuture.completedFuture(new HeartbeatResponseData());
        });
        RawKafkaClient client = connect(start(registry));

        client.send(KafkaWire.concat(heartbeat(1, 1), heartbeat(2, 2), heartbeat(3, 3)));
        assertThat(othersAnswered.await(10, TimeUnit.SECONDS)).isTrue();
        first.complete(new HeartbeatResponseData());

        assertThat(List.of(receiveHeartbeat(client).correlationId(), receiveHeartbeat(client).correlationId(),
                receiveHeartbeat(client).correlationId())).containsExactly(1, 2, 3);
    }

    @Test
    void oneConnectionsHandlersNeverOverlapButDifferentConnectionsRunInParallel() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch otherConnectionServed = new CountDownLatch(1);
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.HEARTBEAT, (context, request) -> {
            int generation = ((HeartbeatRequestData) request).generationId();
            if (generation == 100) {
                // waits for a request of another connection: deadlocks unless connections run in parallel
                boolean served = awaitLatch(otherConnectionServed);
                return CompletableFuture.completedFuture(new HeartbeatResponseData()
                        .setErrorCode(served ? Errors.NONE.code() : Errors.REQUEST_TIMED_OUT.code()));
            }
            if (generation == 200) {
                otherConnectionServed.countDown();
                return CompletableFuture.completedFuture(new HeartbeatResponseData());
            }
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            busy(Duration.ofMillis(20));
            running.decrementAndGet();
            return CompletableFuture.completedFuture(new HeartbeatResponseData());
        });
        int port = start(registry);
        RawKafkaClient pipelining = connect(port);
        pipelining.send(KafkaWire.concat(heartbeat(1, 1), heartbeat(2, 1), heartbeat(3, 1), heartbeat(4, 1), heartbeat(5, 1)));
        for (int i = 0; i < 5; i++) {
            receiveHeartbeat(pipelining);
        }
        assertThat(maxRunning.get()).isEqualTo(1);

        RawKafkaClient waiting = connect(port);
        RawKafkaClient releasing = connect(port);
        waiting.send(heartbeat(1, 100));
        releasing.send(heartbeat(1, 200));

        assertThat(receiveHeartbeat(releasing).body().error()).isEqualTo(Errors.NONE);
        assertThat(receiveHeartbeat(waiting).body().error()).isEqualTo(Errors.NONE);
    }

    @Test
    void nullResponseSendsNothingAndDoesNotBlockTheNextResponse() throws IOException {
        AtomicReference<String> produced = new AtomicReference<>();
        ApiRegistry registry = new ApiRegistry()
                .register(ApiKeys.PRODUCE, (context, request) -> {
                    MemoryRecords records = (MemoryRecords) ((ProduceRequestData) request).topicData().iterator().next()
                            .partitionData().get(0).records();
                    Record record = records.records().iterator().next();
                    produced.set(StandardCharsets.UTF_8.decode(record.value()).toString());
                    return CompletableFuture.completedFuture(null);
                })
                .register(ApiKeys.HEARTBEAT, (context, request) -> CompletableFuture.completedFuture(new HeartbeatResponseData()));
        RawKafkaClient client = connect(start(registry));

        client.send(KafkaWire.concat(frame(produceAcks0("hello"), ApiKeys.PRODUCE, (short) 9, 1), heartbeat(2, 1)));

        assertThat(receiveHeartbeat(client).correlationId()).isEqualTo(2);
        assertThat(produced).hasValue("hello");
    }

    @Test
    void failingAcksZeroProduceClosesTheConnectionSinceNoResponseCanCarryTheError() throws IOException {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.PRODUCE,
                (context, request) -> CompletableFuture.failedFuture(new IllegalStateException("disk on fire")));
        RawKafkaClient client = connect(start(registry));

        client.send(frame(produceAcks0("lost"), ApiKeys.PRODUCE, (short) 9, 1));

        assertThat(client.closedByServer()).isTrue();
    }

    @Test
    void handlerFailuresBecomeErrorResponsesAndTheConnectionStaysOpen() throws IOException {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.HEARTBEAT, (context, request) ->
                switch (((HeartbeatRequestData) request).generationId()) {
                    case 1 -> throw new IllegalStateException("handler bug");
                    case 2 -> CompletableFuture.failedFuture(new RebalanceInProgressException("rebalancing"));
                    case 3 -> CompletableFuture.completedFuture(new ApiVersionsResponseData());
                    default -> CompletableFuture.completedFuture(new HeartbeatResponseData());
                });
        RawKafkaClient client = connect(start(registry));

        client.send(KafkaWire.concat(heartbeat(1, 1), heartbeat(2, 2), heartbeat(3, 3), heartbeat(4, 4)));

        List<Errors> errors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            errors.add(receiveHeartbeat(client).body().error());
        }
        assertThat(errors).containsExactly(Errors.UNKNOWN_SERVER_ERROR, Errors.REBALANCE_IN_PROGRESS,
                Errors.UNKNOWN_SERVER_ERROR, Errors.NONE);
    }

    @Test
    void aBadClientIsDisconnectedAndOthersAreServed() throws IOException {
        ApiRegistry registry = new ApiRegistry()
                .register(ApiKeys.HEARTBEAT, (context, request) -> CompletableFuture.completedFuture(new HeartbeatResponseData()));
        int port = start(registry);
        RawKafkaClient bystander = connect(port);
        receiveAfter(bystander, 1);

        RawKafkaClient http = connect(port);
        http.send("GET / HTTP/1.1\r\n\r\n".getBytes());
        RawKafkaClient garbage = connect(port);
        garbage.send(new byte[] {0, 0, 0, 4, (byte) 0xff, (byte) 0xff, 0, 0});
        RawKafkaClient corrupt = connect(port);
        byte[] truncated = heartbeat(1, 1);
        truncated = Arrays.copyOf(truncated, truncated.length - 2);
        ByteBuffer.wrap(truncated).putInt(0, truncated.length - 4);
        corrupt.send(truncated);

        assertThat(http.closedByServer()).isTrue();
        assertThat(garbage.closedByServer()).isTrue();
        assertThat(corrupt.closedByServer()).isTrue();
        receiveAfter(bystander, 2);
        receiveAfter(connect(port), 3);
    }

    @Test
    void aClientFloodingOneConnectionNeverHasMoreThanQueuedMaxRequestsInFlightAndGetsEveryAnswerInOrder()
            throws Exception {
        int queuedMaxRequests = 8;
        int requests = 3_000;
        BlockingQueue<CompletableFuture<ApiMessage>> pending = new LinkedBlockingQueue<>();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger maxUnanswered = new AtomicInteger();
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.HEARTBEAT, (context, request) -> {
            maxUnanswered.accumulateAndGet(unanswered.incrementAndGet(), Math::max);
            CompletableFuture<ApiMessage> response = new CompletableFuture<>();
            pending.add(response);
            return response;
        });
        RawKafkaClient client = connect(start(registry, Transport.best(), new ProtocolServerConfig("127.0.0.1", 0,
                1 << 20, 2, 4, queuedMaxRequests)));
        ExecutorService answering = Executors.newSingleThreadExecutor();
        resources.add(answering::shutdownNow);
        answering.submit(() -> {
            for (int i = 0; i < requests; i++) {
                CompletableFuture<ApiMessage> response = pending.take();
                unanswered.decrementAndGet();
                response.complete(new HeartbeatResponseData());
            }
            return null;
        });
        byte[][] frames = new byte[requests][];
        for (int i = 0; i < requests; i++) {
            frames[i] = heartbeat(i, 1);
        }

        client.send(KafkaWire.concat(frames));

        for (int i = 0; i < requests; i++) {
            assertThat(receiveHeartbeat(client).correlationId()).isEqualTo(i);
        }
        assertThat(maxUnanswered.get()).isBetween(1, queuedMaxRequests);
    }

    @Test
    void badFramesCostOneLogLinePerConnectionAndAreCountedByReason() throws IOException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger rejectionLog = (Logger) LoggerFactory.getLogger(FrameRejections.class);
        rejectionLog.addAppender(log);
        resources.add(() -> rejectionLog.detachAppender(log));
        ApiRegistry registry = new ApiRegistry()
                .register(ApiKeys.HEARTBEAT, (context, request) -> CompletableFuture.completedFuture(new HeartbeatResponseData()));
        int port = start(registry);
        byte[] unknownApi = heartbeat(1, 1);
        ByteBuffer.wrap(unknownApi).putShort(4, (short) 9999);
        byte[][] flood = new byte[100][];
        Arrays.fill(flood, unknownApi);
        int connections = 20;

        for (int i = 0; i < connections; i++) {
            RawKafkaClient client = connect(port);
            client.send(KafkaWire.concat(flood));
            assertThat(client.closedByServer()).isTrue();
        }
        RawKafkaClient oversized = connect(port);
        oversized.send(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).array());
        assertThat(oversized.closedByServer()).isTrue();

        receiveAfter(connect(port), 1);
        assertThat(meters.get(RequestMetrics.REJECTED_FRAMES).tags(RequestMetrics.TAG_REASON, "unknown_api",
                RequestMetrics.TAG_SERVER, "test").counter().count()).isEqualTo(connections);
        assertThat(meters.get(RequestMetrics.REJECTED_FRAMES).tag(RequestMetrics.TAG_REASON, "oversized")
                .counter().count()).isEqualTo(1);
        assertThat(log.list).hasSize(connections + 1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void portInUseFailsWithOneLine(Transport transport) {
        int port = start(new ApiRegistry(), transport);
        KafkaProtocolServer second = new KafkaProtocolServer(config(port), new ApiRegistry(), meters, "test", transport);
        resources.add(second);

        assertThatThrownBy(second::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot listen on 127.0.0.1:" + port + ": address already in use");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void fileRecordsAreSentZeroCopyAndByteIdenticalToTheHeapEncoding(Transport transport) throws IOException {
        FileRecords segment = FileRecords.open(dir.resolve("00000000000000000000.log").toFile());
        resources.add(segment);
        for (int batch = 0; batch < 64; batch++) {
            segment.append(MemoryRecords.withRecords(batch * 100L, Compression.NONE, records(100, 80)));
        }
        segment.flush();
        FileRecords slice = segment.slice(0, segment.sizeInBytes());
        MemoryRecords inMemory = MemoryRecords.withRecords(Compression.NONE, records(3, 10));
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.FETCH,
                (context, request) -> CompletableFuture.completedFuture(fetchResponse(slice, inMemory)));
        RawKafkaClient client = connect(start(registry, transport));

        client.send(frame(new FetchRequestData().setMaxWaitMs(0), ApiKeys.FETCH, FETCH_VERSION, 9));
        byte[] received = client.receiveRaw();

        ByteBuffer segmentBytes = ByteBuffer.allocate(segment.sizeInBytes());
        segment.readInto(segmentBytes, 0);
        MemoryRecords segmentOnHeap = MemoryRecords.readableRecords(segmentBytes);
        assertThat(received).isEqualTo(KafkaWire.heapResponse(ApiKeys.FETCH, FETCH_VERSION, 9,
                fetchResponse(segmentOnHeap, inMemory)));
        assertThat(received.length).isGreaterThan(segment.sizeInBytes());
        assertThat(segment.channel().isOpen()).isTrue();
    }

    @Test
    void metricsCountRequestsErrorsBytesAndConnections() throws IOException {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.HEARTBEAT, (context, request) ->
                CompletableFuture.completedFuture(new HeartbeatResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code())));
        RawKafkaClient client = connect(start(registry));

        receiveAfter(client, 1);
        client.send(frame(deleteAcls(), ApiKeys.DELETE_ACLS, (short) 3, 2));
        client.receive(ApiKeys.DELETE_ACLS, (short) 3);

        assertThat(meters.get(RequestMetrics.REQUESTS).tag("api", "Heartbeat").counter().count()).isEqualTo(1);
        assertThat(meters.get(RequestMetrics.REQUESTS).tag("api", "DeleteAcls").counter().count()).isEqualTo(1);
        assertThat(meters.get(RequestMetrics.REQUEST_ERRORS).tags("api", "Heartbeat", "error", "UNKNOWN_MEMBER_ID")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get(RequestMetrics.REQUEST_ERRORS).tags("api", "DeleteAcls", "error", "UNSUPPORTED_VERSION")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get(RequestMetrics.REQUEST_LATENCY).tag("api", "Heartbeat").timer().count()).isEqualTo(1);
        assertThat(meters.get(RequestMetrics.BYTES_IN).counter().count()).isGreaterThan(0);
        assertThat(meters.get(RequestMetrics.BYTES_OUT).counter().count()).isGreaterThan(0);
        assertThat(meters.get(RequestMetrics.CONNECTIONS).gauge().value()).isEqualTo(1);

        client.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get(RequestMetrics.CONNECTIONS).gauge().value() == 0);
    }

    // --- fixtures

    private int start(ApiRegistry registry) {
        return start(registry, Transport.best());
    }

    private int start(ApiRegistry registry, Transport transport) {
        return start(registry, transport, config(0));
    }

    private int start(ApiRegistry registry, Transport transport, ProtocolServerConfig config) {
        // the project runs on Linux, where both transports must work: a missing one is a failure, not a skip
        assertThat(transport.isAvailable()).as(transport + " transport is available").isTrue();
        KafkaProtocolServer server = new KafkaProtocolServer(config, registry, meters, "test", transport);
        resources.add(server);
        server.start();
        return server.boundPort();
    }

    private static ProtocolServerConfig config(int port) {
        return new ProtocolServerConfig("127.0.0.1", port, 1 << 20, 2, 4, ProtocolServerConfig.DEFAULT_QUEUED_MAX_REQUESTS);
    }

    private RawKafkaClient connect(int port) throws IOException {
        RawKafkaClient client = new RawKafkaClient(port);
        resources.add(client);
        return client;
    }

    private static byte[] frame(ApiMessage body, ApiKeys key, short version, int correlationId) {
        return KafkaWire.requestFrame(key, version, correlationId, body);
    }

    private static byte[] heartbeat(int correlationId, int generation) {
        return frame(new HeartbeatRequestData().setGroupId("g").setGenerationId(generation).setMemberId("m"),
                ApiKeys.HEARTBEAT, HEARTBEAT_VERSION, correlationId);
    }

    private record HeartbeatReply(int correlationId, HeartbeatResponse body) {
    }

    private static HeartbeatReply receiveHeartbeat(RawKafkaClient client) throws IOException {
        RawKafkaClient.Response response = client.receive(ApiKeys.HEARTBEAT, HEARTBEAT_VERSION);
        return new HeartbeatReply(response.correlationId(), (HeartbeatResponse) response.body());
    }

    private static void receiveAfter(RawKafkaClient client, int correlationId) throws IOException {
        client.send(heartbeat(correlationId, 1));
        assertThat(receiveHeartbeat(client).correlationId()).isEqualTo(correlationId);
    }

    private static DeleteAclsRequestData deleteAcls() {
        return new DeleteAclsRequestData().setFilters(List.of(new DeleteAclsFilter()
                .setResourceTypeFilter(ResourceType.TOPIC.code())
                .setResourceNameFilter("t")
                .setPatternTypeFilter(PatternType.LITERAL.code())
                .setOperation(AclOperation.ANY.code())
                .setPermissionType(AclPermissionType.ANY.code())));
    }

    private static ProduceRequestData produceAcks0(String value) {
        TopicProduceDataCollection topics = new TopicProduceDataCollection();
        topics.add(new TopicProduceData().setName("t").setPartitionData(List.of(new PartitionProduceData()
                .setIndex(0).setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(value.getBytes()))))));
        return new ProduceRequestData().setAcks((short) 0).setTimeoutMs(1000).setTopicData(topics);
    }

    private static SimpleRecord[] records(int count, int valueBytes) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("key-" + i).getBytes(), new byte[valueBytes]);
        }
        return records;
    }

    private static FetchResponseData fetchResponse(BaseRecords fromSegment, MemoryRecords fromMemory) {
        return new FetchResponseData().setResponses(List.of(new FetchableTopicResponse().setTopic("t")
                .setPartitions(List.of(
                        new PartitionData().setPartitionIndex(0).setHighWatermark(6400).setRecords(fromSegment),
                        new PartitionData().setPartitionIndex(1).setHighWatermark(3).setRecords(fromMemory)))));
    }

    private static Map<Short, List<Short>> ranges(ApiVersionsResponseData data) {
        return data.apiKeys().stream().collect(Collectors.toMap(
                ApiVersionsResponseData.ApiVersion::apiKey, v -> List.of(v.minVersion(), v.maxVersion())));
    }

    private static boolean awaitLatch(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Keeps a handler inside its call long enough for an overlapping call to be seen. */
    private static void busy(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}

package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tributary.e2e.support.RawKafkaConnection;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * What a broker must survive: bytes that are not Kafka frames, impossible frame sizes, unknown keys and versions,
 * a corrupt record batch and invalid topic requests (bad start-up settings: {@link BrokerStartFailureIT}). After
 * every bad input on one connection, a well-behaved client on another connection must still produce and consume
 * (the broker is shared by the whole class, as a real one is shared by all its clients).
 */
class BadInputIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final String HEALTH_TOPIC = "bad-input-health";

    @TempDir
    static Path dataDir;

    static TributaryProcess tributary;
    static Admin admin;

    @BeforeAll
    static void startTributary() throws Exception {
        tributary = TributaryProcess.startStandalone(dataDir);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
        admin.createTopics(List.of(new NewTopic(HEALTH_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopTributary() {
        if (admin != null) {
            admin.close();
        }
        if (tributary != null) {
            tributary.close();
        }
    }

    /** After every test, whatever it did: the broker process is alive and serves a fresh producer and consumer. */
    @AfterEach
    void brokerStillServesOtherClients() {
        assertBrokerServesClients();
    }

    // ---- bytes that are not a valid request --------------------------------------------------------------------

    @Test
    void anHttpRequestOnTheKafkaPortClosesTheConnection() {
        try (RawKafkaConnection connection = connect()) {
            // "GET " read as a frame size is 1.2 GB
            connection.sendRaw("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(connection.closedByPeerWithoutAnswer()).as("connection closed").isTrue();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomBytesInAFrameCloseTheConnection(long seed) {
        byte[] garbage = new byte[1024];
        new Random(seed).nextBytes(garbage);
        try (RawKafkaConnection connection = connect()) {
            connection.sendFrame(ByteBuffer.wrap(garbage));
            assertThat(connection.closedByPeerWithoutAnswer())
                    .as("connection closed after a frame of random bytes starting %02x%02x%02x%02x", garbage[0],
                            garbage[1], garbage[2], garbage[3])
                    .isTrue();
        }
    }

    @Test
    void aValidHeaderFollowedByGarbageClosesTheConnection() {
        byte[] garbage = new byte[512];
        new Random(4).nextBytes(garbage);
        try (RawKafkaConnection connection = connect()) {
            RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.PRODUCE.id)
                    .setRequestApiVersion((short) 9).setCorrelationId(connection.nextCorrelationId())
                    .setClientId("e2e-raw");
            ByteBuffer headerBytes = RawKafkaConnection.frame(header, (short) 2, null, (short) 0);
            headerBytes.getInt(); // drop the size: the frame is re-sized around header + garbage
            ByteBuffer payload = ByteBuffer.allocate(headerBytes.remaining() + garbage.length).put(headerBytes)
                    .put(garbage).flip();
            connection.sendFrame(payload);
            assertThat(connection.closedByPeerWithoutAnswer()).as("connection closed").isTrue();
        }
    }

    @Test
    void aFrameTooShortForAHeaderClosesTheConnection() {
        try (RawKafkaConnection connection = connect()) {
            connection.sendFrame(ByteBuffer.wrap(new byte[] {0, 18}));
            assertThat(connection.closedByPeerWithoutAnswer()).as("connection closed").isTrue();
        }
    }

    @Test
    void aNegativeFrameSizeClosesTheConnection() {
        try (RawKafkaConnection connection = connect()) {
            connection.sendRaw(ByteBuffer.allocate(12).putInt(-1).putInt(18).putInt(42).flip());
            assertThat(connection.closedByPeerWithoutAnswer()).as("connection closed").isTrue();
        }
    }

    @Test
    void aFrameClaimingTwoGibibytesClosesTheConnectionWithoutAllocatingIt() {
        try (RawKafkaConnection connection = connect()) {
            // the broker runs with -Xmx512m: allocating the claimed size would throw OutOfMemoryError
            ByteBuffer claim = ByteBuffer.allocate(4 + 64).putInt(0x7fffffff);
            claim.putShort(ApiKeys.PRODUCE.id).putShort((short) 9).putInt(1);
            connection.sendRaw(claim.position(claim.capacity()).flip());
            assertThat(connection.closedByPeerWithoutAnswer()).as("connection closed").isTrue();
        }
        assertThat(tributary.isAlive()).isTrue();
        assertThat(tributary.logTail(500)).doesNotContain("OutOfMemoryError");
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() {
        try (RawKafkaConnection connection = connect()) {
            byte[] clientId = "e2e-raw".getBytes(StandardCharsets.UTF_8);
            ByteBuffer header = ByteBuffer.allocate(2 + 2 + 4 + 2 + clientId.length)
                    .putShort((short) 9999).putShort((short) 0).putInt(connection.nextCorrelationId())
                    .putShort((short) clientId.length).put(clientId).flip();
            connection.sendFrame(header);
            assertThat(connection.closedByPeerWithoutAnswer()).as("connection closed").isTrue();
        }
    }

    @Test
    void metadataAtAnUnsupportedVersionIsRefusedOrClosed() {
        try (RawKafkaConnection connection = connect()) {
            int correlationId = connection.nextCorrelationId();
            RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id)
                    .setRequestApiVersion((short) 99).setCorrelationId(correlationId).setClientId("e2e-raw");
            connection.sendRaw(RawKafkaConnection.frame(header, (short) 2,
                    new MetadataRequestData().setTopics(null), (short) 12));
            Optional<ByteBuffer> answer = connection.readFrame();
            if (answer.isPresent()) {
                // Kafka closes; a broker that answers instead must answer UNSUPPORTED_VERSION to this request
                ByteBuffer response = answer.get();
                assertThat(response.getInt(0)).as("correlation id").isEqualTo(correlationId);
                assertThat(containsInt16(response, Errors.UNSUPPORTED_VERSION.code()))
                        .as("an answer to Metadata v99 carries UNSUPPORTED_VERSION (35)").isTrue();
            }
        }
    }

    @Test
    void apiVersionsAtAFutureVersionGetsAVersion0AnswerWithUnsupportedVersion() {
        try (RawKafkaConnection connection = connect()) {
            int correlationId = connection.nextCorrelationId();
            RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.API_VERSIONS.id)
                    .setRequestApiVersion((short) 99).setCorrelationId(correlationId).setClientId("e2e-raw");
            ApiVersionsRequestData body = new ApiVersionsRequestData().setClientSoftwareName("e2e")
                    .setClientSoftwareVersion("99.0");
            // a future client: flexible header v2, a body it believes is v99 (here: the v5 layout)
            connection.sendRaw(RawKafkaConnection.frame(header, (short) 2, body,
                    ApiKeys.API_VERSIONS.latestVersion()));

            ByteBuffer answer = connection.readFrame()
                    .orElseThrow(() -> new AssertionError("connection closed instead of an ApiVersions v0 answer"));
            assertThat(answer.getInt()).as("correlation id (response header v0)").isEqualTo(correlationId);
            ApiVersionsResponseData v0 = ((ApiVersionsResponse) AbstractResponse.parseResponse(ApiKeys.API_VERSIONS,
                    new ByteBufferAccessor(answer), (short) 0)).data();
            assertThat(v0.errorCode()).as("error code").isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(v0.apiKeys()).as("api keys in the v0 answer").isNotEmpty();
            ApiVersionsResponseData.ApiVersion apiVersions = v0.apiKeys().find(ApiKeys.API_VERSIONS.id);
            assertThat(apiVersions).as("ApiVersions listed in the v0 answer").isNotNull();

            // as NetworkClient does: retry on the same connection at the broker's highest ApiVersions version
            short retryVersion = (short) Math.min(apiVersions.maxVersion(), ApiKeys.API_VERSIONS.latestVersion());
            ApiVersionsResponse retried = (ApiVersionsResponse) connection.call(
                    new ApiVersionsRequest.Builder(retryVersion).build(retryVersion));
            assertThat(retried.data().errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retried.data().apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
        }
    }

    // ---- a corrupt record batch ---------------------------------------------------------------------------------

    @Test
    void aBatchWithABadCrcIsRejectedAndTheOtherPartitionIsWritten() throws Exception {
        String topic = "crc-checked";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Uuid topicId = admin.describeTopics(List.of(topic)).topicNameValues().get(topic).get(30, TimeUnit.SECONDS)
                .topicId();
        List<String> before = List.of("before-0", "before-1", "before-2");
        try (KafkaProducer<String, String> producer = producer()) {
            for (int partition = 0; partition < 2; partition++) {
                for (String value : before) {
                    producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
                }
            }
        }

        MemoryRecords corrupt = batch("corrupted-value-that-must-never-be-read");
        ByteBuffer bytes = corrupt.buffer();
        int inPayload = bytes.limit() - 6;
        bytes.put(inPayload, (byte) (bytes.get(inPayload) ^ 0x5a));
        assertThat(corrupt.batches().iterator().next().isValid()).as("precondition: the CRC no longer matches")
                .isFalse();

        try (RawKafkaConnection connection = connect()) {
            short produceVersion = negotiatedVersion(connection, ApiKeys.PRODUCE);
            ProduceResponseData first = produce(connection, produceVersion, topic, topicId,
                    Map.of(0, corrupt, 1, batch("after-1")));
            assertThat(partitionError(first, 0)).as("partition 0, corrupt batch: %s", first)
                    .isEqualTo(Errors.CORRUPT_MESSAGE);
            assertThat(partitionError(first, 1)).as("partition 1, valid batch: %s", first).isEqualTo(Errors.NONE);
            assertThat(partitionResponse(first, 1).baseOffset()).as("partition 1 base offset").isEqualTo(3);

            // the connection stays usable: a valid batch to partition 0 lands right after the earlier records
            ProduceResponseData second = produce(connection, produceVersion, topic, topicId,
                    Map.of(0, batch("after-0")));
            assertThat(partitionError(second, 0)).as("%s", second).isEqualTo(Errors.NONE);
            assertThat(partitionResponse(second, 0).baseOffset()).as("partition 0 base offset").isEqualTo(3);
        }

        assertThat(readAll(new TopicPartition(topic, 0), 4)).containsExactly("before-0", "before-1", "before-2",
                "after-0");
        assertThat(readAll(new TopicPartition(topic, 1), 4)).containsExactly("before-0", "before-1", "before-2",
                "after-1");
    }

    @Test
    void produceToAPartitionThatDoesNotExistIsAnsweredWithAnError() throws Exception {
        String topic = "one-partition-only";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Uuid topicId = admin.describeTopics(List.of(topic)).topicNameValues().get(topic).get(30, TimeUnit.SECONDS)
                .topicId();
        // a created topic's leader may not serve it yet; the raw request below does not retry as clients do
        admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS);
        try (RawKafkaConnection connection = connect()) {
            short produceVersion = negotiatedVersion(connection, ApiKeys.PRODUCE);
            ProduceResponseData response = produce(connection, produceVersion, topic, topicId,
                    Map.of(0, batch("to-partition-0"), 7, batch("to-partition-7")));
            assertThat(partitionError(response, 0)).as("%s", response).isEqualTo(Errors.NONE);
            assertThat(partitionError(response, 7)).as("%s", response).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        assertThat(readAll(new TopicPartition(topic, 0), 1)).containsExactly("to-partition-0");
    }

    // ---- invalid topic requests ---------------------------------------------------------------------------------

    @Test
    void aTopicNameWithASlashIsInvalid() {
        assertCreateFails(new NewTopic("a/b", 1, (short) 1), InvalidTopicException.class);
    }

    @Test
    void aTopicNameOf250CharactersIsInvalid() {
        assertCreateFails(new NewTopic("n".repeat(250), 1, (short) 1), InvalidTopicException.class);
    }

    @Test
    void zeroPartitionsAreInvalid() {
        assertCreateFails(new NewTopic("zero", 0, (short) 1), InvalidPartitionsException.class);
    }

    @Test
    void replicationFactorThreeOnOneBrokerIsInvalid() {
        assertCreateFails(new NewTopic("three-replicas", 1, (short) 3), InvalidReplicationFactorException.class);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static RawKafkaConnection connect() {
        return RawKafkaConnection.open("127.0.0.1", tributary.kafkaPort(), READ_TIMEOUT);
    }

    private static <E extends Throwable> void assertCreateFails(NewTopic topic, Class<E> expected) {
        assertThatThrownBy(() -> admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(expected);
        assertThat(admin.listTopics().names()).as("topics after a refused create")
                .succeedsWithin(Duration.ofSeconds(30))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.collection(String.class))
                .doesNotContain(topic.name());
    }

    private static short negotiatedVersion(RawKafkaConnection connection, ApiKeys key) {
        ApiVersionsResponseData.ApiVersion theirs = connection.apiVersions().apiKeys().find(key.id);
        assertThat(theirs).as("%s advertised", key).isNotNull();
        return (short) Math.min(theirs.maxVersion(), key.latestVersion(false));
    }

    private static MemoryRecords batch(String value) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(System.currentTimeMillis(),
                "key".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
    }

    private static ProduceResponseData produce(RawKafkaConnection connection, short version, String topic,
            Uuid topicId, Map<Integer, MemoryRecords> batches) {
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic)
                .setTopicId(topicId);
        batches.forEach((partition, records) -> topicData.partitionData().add(
                new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(records)));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(topicData);
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30000)
                .setTopicData(topics);
        ProduceRequest request = new ProduceRequest.Builder(version, version, data).build(version);
        return ((ProduceResponse) connection.call(request)).data();
    }

    private static ProduceResponseData.PartitionProduceResponse partitionResponse(ProduceResponseData response,
            int partition) {
        List<ProduceResponseData.PartitionProduceResponse> matches = new ArrayList<>();
        response.responses().forEach(topic -> topic.partitionResponses().stream()
                .filter(p -> p.index() == partition).forEach(matches::add));
        assertThat(matches).as("responses for partition %d in %s", partition, response).hasSize(1);
        return matches.get(0);
    }

    private static Errors partitionError(ProduceResponseData response, int partition) {
        return Errors.forCode(partitionResponse(response, partition).errorCode());
    }

    private static boolean containsInt16(ByteBuffer buffer, short value) {
        for (int i = 4; i + 1 < buffer.limit(); i++) {
            if (buffer.getShort(i) == value) {
                return true;
            }
        }
        return false;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }

    /** The values of the first {@code count} records of {@code partition}, read with a fresh consumer. */
    private static List<String> readAll(TopicPartition partition, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Waiting.atMost(Duration.ofSeconds(30), () -> "read only " + values + " from " + partition).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= count;
            });
            // nothing beyond what was expected
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    /** A fresh producer writes a unique record and a fresh consumer reads it back. */
    private static void assertBrokerServesClients() {
        assertThat(tributary.isAlive()).as("tributary alive\n%s", tributary.logTail(60)).isTrue();
        String value = "alive-" + UUID.randomUUID();
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = producer()) {
            written = producer.send(new ProducerRecord<>(HEALTH_TOPIC, 0, null, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a normal producer failed after the bad input\n" + tributary.logTail(60), e);
        }
        TopicPartition partition = new TopicPartition(HEALTH_TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, written.offset());
            List<String> seen = new ArrayList<>();
            Waiting.atMost(Duration.ofSeconds(30), () -> "a normal consumer did not read back " + value + " at offset "
                    + written.offset() + "; read " + seen).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(record.value()));
                return seen.contains(value);
            });
        }
    }
}

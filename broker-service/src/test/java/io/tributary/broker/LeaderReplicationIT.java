package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.zk.ZooKeeperConnection;

/**
 * The leader side of replication on a real broker and ZooKeeper: broker 1 leads partitions replicated to brokers 1, 2
 * and 3; brokers 2 and 3 are registered in ZooKeeper as live brokers are, and their replicas are played by the test
 * with follower Fetch requests over the Kafka protocol ({@link FetchingFollower}), so that when each follower fetches
 * is the test's to decide. Producers and Admin are kafka-clients 4.4; Produce requests with a chosen timeout go raw.
 */
class LeaderReplicationIT {

    private static final long LAG_MS = 3_000;
    private static final long EPOCH_2 = 1_700_000_000_002L;
    private static final long EPOCH_3 = 1_700_000_000_003L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path logDir;
    static RunningBroker broker;
    static Admin admin;
    static CuratorFramework followersSession;
    static ClusterMetadata followersMetadata;

    @BeforeAll
    static void start() throws Exception {
        broker = new RunningBroker(logDir, Map.of("replica.lag.time.max.ms", String.valueOf(LAG_MS)));
        followersSession = ZooKeeperConnection.connect(broker.zookeeperConnect(), Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        followersMetadata = new ClusterMetadata(followersSession);
        followersMetadata.start();
        // their ports are never used: nothing is led by them
        followersMetadata.registerBroker(new BrokerRegistration(2, "127.0.0.1", 9, null, EPOCH_2));
        followersMetadata.registerBroker(new BrokerRegistration(3, "127.0.0.1", 9, null, EPOCH_3));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        followersMetadata.close();
        followersSession.close();
        broker.close();
    }

    @Test
    void acksAllIsAnsweredOnceEveryIsrMemberHasTheRecordsAndConsumersSeeThemOnlyThen() throws Exception {
        TopicPartition tp = createTopic("acked");
        try (FetchingFollower follower2 = follower(2, EPOCH_2, tp); FetchingFollower follower3 = follower(3, EPOCH_3, tp);
             KafkaProducer<String, String> producer = producer("all")) {
            follower2.fetch(0);
            follower3.fetch(0);
            Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(tp.topic(), 0, "k", "v"));
            // well within the lag time, so that follower 3 stays in the ISR throughout
            assertThatThrownBy(() -> sent.get(500, TimeUnit.MILLISECONDS)).as("no follower has the record")
                    .isInstanceOf(TimeoutException.class);

            assertThat(follower2.fetch(1_000).records().sizeInBytes()).isPositive();
            follower2.fetch(0);
            assertThat(follower2.logEndOffset()).isEqualTo(1);
            assertThatThrownBy(() -> sent.get(500, TimeUnit.MILLISECONDS)).as("follower 3 is in the ISR and lacks the record")
                    .isInstanceOf(TimeoutException.class);
            assertThat(latestOffset(tp)).as("what consumers may read: below the high watermark").isZero();

            follower3.fetch(1_000);
            follower3.fetch(0);
            assertThat(sent.get(10, TimeUnit.SECONDS).offset()).isZero();
            assertThat(latestOffset(tp)).isEqualTo(1);
            assertThat(isr(tp)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aSilentFollowerLeavesTheIsrAfterTheLagTimeAndRejoinsOnceCaughtUpFromItsCurrentIncarnation() throws Exception {
        TopicPartition tp = createTopic("lagging");
        double shrinksBefore = counter("tributary.isr.shrinks");
        double expandsBefore = counter("tributary.isr.expands");
        try (FetchingFollower follower2 = follower(2, EPOCH_2, tp); FetchingFollower follower3 = follower(3, EPOCH_3, tp);
             KafkaProducer<String, String> producer = producer("all")) {
            follower2.start();
            follower3.fetch(0);
            RecordMetadata written = producer.send(new ProducerRecord<>(tp.topic(), 0, "k", "v")).get(WAIT.toSeconds(),
                    TimeUnit.SECONDS);
            assertThat(written.offset()).isZero();
            assertThat(isr(tp)).as("acks=all was answered once follower 3 was dropped").containsExactly(1, 2);
            // other tests' partitions, whose followers stopped, shrink too: the counters are the broker's
            assertThat(counter("tributary.isr.shrinks")).isGreaterThanOrEqualTo(shrinksBefore + 1);
            assertThat(gauge("tributary.partitions.under.replicated")).isGreaterThanOrEqualTo(1);
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestOffset(tp)).isEqualTo(1));

            try (FetchingFollower staleIncarnation = follower(3, EPOCH_3 - 1, tp)) {
                await().during(Duration.ofMillis(2 * LAG_MS)).atMost(WAIT).until(() -> {
                    staleIncarnation.fetch(50);
                    return isr(tp).equals(List.of(1, 2));
                });
                assertThat(staleIncarnation.logEndOffset()).as("caught up, but not its live broker epoch").isEqualTo(1);
            }

            await().atMost(WAIT).untilAsserted(() -> {
                follower3.fetch(50);
                assertThat(isr(tp)).containsExactlyInAnyOrder(1, 2, 3);
            });
            assertThat(counter("tributary.isr.expands")).isGreaterThanOrEqualTo(expandsBefore + 1);
        }
    }

    @Test
    void aFollowerInControlledShutdownIsNotAddedBackToTheIsr() throws Exception {
        TopicPartition tp = createTopic("leaving");
        try (FetchingFollower follower2 = follower(2, EPOCH_2, tp); FetchingFollower follower3 = follower(3, EPOCH_3, tp);
             KafkaProducer<String, String> producer = producer("1")) {
            follower2.start();
            producer.send(new ProducerRecord<>(tp.topic(), 0, "k", "v")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(WAIT).untilAsserted(() -> assertThat(isr(tp)).containsExactly(1, 2));

            followersMetadata.registerBroker(new BrokerRegistration(3, "127.0.0.1", 9, null, EPOCH_3).shuttingDownNow());
            try {
                await().during(Duration.ofMillis(2 * LAG_MS)).atMost(WAIT).until(() -> {
                    follower3.fetch(50);
                    return isr(tp).equals(List.of(1, 2));
                });
                assertThat(follower3.logEndOffset()).as("caught up, but shutting down").isEqualTo(1);
            } finally {
                followersMetadata.registerBroker(new BrokerRegistration(3, "127.0.0.1", 9, null, EPOCH_3));
            }
            await().atMost(WAIT).untilAsserted(() -> {
                follower3.fetch(50);
                assertThat(isr(tp)).containsExactlyInAnyOrder(1, 2, 3);
            });
        }
    }

    @Test
    void belowMinInsyncReplicasAcksAllIsRefusedBeforeTheAppendAndResumesWhenAFollowerRejoins() throws Exception {
        TopicPartition tp = createTopic("starved");
        Uuid topicId = topicId(tp);
        try (ProtocolConnection client = new ProtocolConnection(broker.port(), "producer", Duration.ofSeconds(30))) {
            ProduceResponseData.PartitionProduceResponse waited = produce(client, tp, (short) -1, 1_000, "lost-wait");
            assertThat(Errors.forCode(waited.errorCode())).as("no follower fetches: the ISR never has the records")
                    .isEqualTo(Errors.REQUEST_TIMED_OUT);
            assertThat(waited.baseOffset()).as("the records stay in the log").isZero();

            await().atMost(WAIT).untilAsserted(() -> assertThat(isr(tp)).containsExactly(1));
            assertThat(gauge("tributary.partitions.under.min.isr")).isGreaterThanOrEqualTo(1);
            ProduceResponseData.PartitionProduceResponse refused = produce(client, tp, (short) -1, 5_000, "refused");
            assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
            ProduceResponseData.PartitionProduceResponse leaderOnly = produce(client, tp, (short) 1, 5_000, "acks-1");
            assertThat(Errors.forCode(leaderOnly.errorCode())).isEqualTo(Errors.NONE);
            assertThat(leaderOnly.baseOffset()).as("the refused batch was not appended").isEqualTo(1);
            assertThat(latestOffset(tp)).as("Kafka 4.x: the high watermark waits for min.insync.replicas").isZero();

            try (FetchingFollower follower2 = follower(2, EPOCH_2, tp)) {
                follower2.start();
                await().atMost(WAIT).untilAsserted(() -> assertThat(isr(tp)).containsExactly(1, 2));
                await().atMost(WAIT).untilAsserted(() -> assertThat(latestOffset(tp)).isEqualTo(2));
                ProduceResponseData.PartitionProduceResponse resumed = produce(client, tp, (short) -1, 10_000, "again");
                assertThat(Errors.forCode(resumed.errorCode())).isEqualTo(Errors.NONE);
                assertThat(resumed.baseOffset()).isEqualTo(2);
                assertThat(latestOffset(tp)).isEqualTo(3);
            }
        }
    }

    @Test
    void aFollowerWaitingAtTheLogEndIsAnsweredAtTheLeadersAppendAndANonReplicaGetsNoRecords() throws Exception {
        TopicPartition tp = createTopic("woken");
        try (FetchingFollower follower2 = follower(2, EPOCH_2, tp); FetchingFollower stranger = follower(7, 1L, tp);
             KafkaProducer<String, String> producer = producer("1")) {
            // parked at once, while the producer is still fetching its metadata: only the append can answer it
            // before its 60 s max wait
            CompletableFuture<FetchResponseData.PartitionData> waiting =
                    CompletableFuture.supplyAsync(() -> follower2.fetch(60_000));
            producer.send(new ProducerRecord<>(tp.topic(), 0, "k", "v")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(waiting.get(10, TimeUnit.SECONDS).records().sizeInBytes()).isPositive();
            assertThat(follower2.logEndOffset()).isEqualTo(1);

            FetchResponseData.PartitionData answer = stranger.fetch(0);
            assertThat(answer.records().sizeInBytes()).as("broker 7 is not a replica: no records, as Kafka").isZero();
        }
    }

    @Test
    void aWaitingAcksAllProduceIsAnsweredNotLeaderOrFollowerWhenLeadershipMoves() throws Exception {
        TopicPartition tp = createTopic("moved");
        try (ProtocolConnection client = new ProtocolConnection(broker.port(), "producer", Duration.ofSeconds(60))) {
            CompletableFuture<ProduceResponseData.PartitionProduceResponse> waiting =
                    CompletableFuture.supplyAsync(() -> produce(client, tp, (short) -1, 60_000, "v"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(endOfLog(tp)).isEqualTo(1));

            // what a controller electing broker 2 writes
            PartitionState state = followersMetadata.topic(tp.topic()).orElseThrow().partitions().get(tp.partition());
            assertThat(followersMetadata.compareAndSetPartitionState(tp.topic(), tp.partition(), state,
                    new PartitionState(2, state.leaderEpoch() + 1, List.of(2, 3), state.controllerEpoch()))).isTrue();

            ProduceResponseData.PartitionProduceResponse answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        }
    }

    private static TopicPartition createTopic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, Map.of(0, List.of(1, 2, 3)))
                .configs(Map.of("min.insync.replicas", "2")))).all().get();
        TopicPartition tp = new TopicPartition(name, 0);
        // the leader creates its replica when its metadata cache sees the topic
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(latestOffset(tp)).isZero());
        return tp;
    }

    private static Uuid topicId(TopicPartition tp) throws Exception {
        return describe(tp).topicId();
    }

    private static TopicDescription describe(TopicPartition tp) throws Exception {
        return admin.describeTopics(List.of(tp.topic())).allTopicNames().get().get(tp.topic());
    }

    private static List<Integer> isr(TopicPartition tp) throws Exception {
        List<Integer> ids = new ArrayList<>();
        for (Node node : describe(tp).partitions().get(tp.partition()).isr()) {
            ids.add(node.id());
        }
        return ids;
    }

    private static long latestOffset(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }

    /** The leader's log end: what a follower at offset 0 is given. */
    private static long endOfLog(TopicPartition tp) throws Exception {
        try (FetchingFollower peek = follower(2, EPOCH_2, tp)) {
            peek.fetch(0);
            return peek.logEndOffset();
        }
    }

    private static FetchingFollower follower(int id, long epoch, TopicPartition tp) throws Exception {
        return new FetchingFollower(id, epoch, broker.port(), tp, topicId(tp));
    }

    private static KafkaProducer<String, String> producer(String acks) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000), new StringSerializer(), new StringSerializer());
    }

    private static ProduceResponseData.PartitionProduceResponse produce(ProtocolConnection client, TopicPartition tp,
            short acks, int timeoutMs, String value) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(tp.topic()).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(tp.partition()).setRecords(
                        MemoryRecords.withRecords(Compression.NONE,
                                new SimpleRecord(value.getBytes(StandardCharsets.UTF_8)))))));
        short version = 12;
        ProduceRequest request = ProduceRequest.builder(new ProduceRequestData().setAcks(acks).setTimeoutMs(timeoutMs)
                .setTopicData(topics)).build(version);
        ProduceResponse response = (ProduceResponse) client.call(request);
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    private static double counter(String name) {
        return broker.meters.get(name).counter().count();
    }

    private static double gauge(String name) {
        return broker.meters.get(name).gauge().value();
    }
}

package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.zk.ZooKeeperConnection;
import io.tributary.protocol.client.KafkaConnection;
import io.tributary.protocol.metrics.RequestMetrics;

/**
 * The leader's answers about epochs on the wire: OffsetsForLeaderEpoch, a fetch whose last epoch diverges,
 * and ListOffsets' epochs. Epoch 0 writes offsets 0-2; the leader epoch is then bumped in ZooKeeper (the same broker
 * leads again) and epoch 1 writes offsets 3-4.
 */
class EpochApisIT {

    private static final String TOPIC = "epochs";

    @TempDir
    Path logDir;
    private RunningBroker broker;
    private CuratorFramework client;
    private ClusterMetadata metadata;
    private KafkaConnection connection;

    @BeforeEach
    void start() throws Exception {
        broker = new RunningBroker(logDir, Map.of());
        client = ZooKeeperConnection.connect(broker.zookeeperConnect(), Duration.ofSeconds(30), Duration.ofSeconds(10));
        metadata = new ClusterMetadata(client);
        metadata.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        produce("a", "b", "c");
        connection = KafkaConnection.open("127.0.0.1", broker.port(), "epochs-it", Duration.ofSeconds(5),
                Duration.ofSeconds(10), 1 << 20);
    }

    /** The same broker leads again at the next epoch, which writes d and e. */
    private void bumpEpochAndProduce() throws Exception {
        PartitionState initial = metadata.topic(TOPIC).orElseThrow().partitions().get(0);
        assertThat(metadata.compareAndSetPartitionState(TOPIC, 0, initial,
                new PartitionState(initial.leader(), initial.leaderEpoch() + 1, initial.isr(), initial.controllerEpoch()))).isTrue();
        // ListOffsets, not OffsetsForLeaderEpoch, tells when the broker leads at the new epoch: the consumer test
        // counts the OffsetsForLeaderEpoch requests the consumer sends
        await().atMost(Duration.ofSeconds(30)).until(() -> listOffsets(-1, 1, -1).errorCode() == Errors.NONE.code());
        produce("d", "e");
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        metadata.close();
        client.close();
        broker.close();
    }

    private void produce(String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value)).get();
            }
        }
    }

    private OffsetForLeaderEpochResponseData.EpochEndOffset offsetsForEpoch(int currentLeaderEpoch, int leaderEpoch)
            throws Exception {
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData();
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(TOPIC);
        topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                .setCurrentLeaderEpoch(currentLeaderEpoch).setLeaderEpoch(leaderEpoch));
        request.topics().add(topic);
        OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData)
                connection.send(ApiKeys.OFFSET_FOR_LEADER_EPOCH, request);
        return response.topics().iterator().next().partitions().get(0);
    }

    @Test
    void offsetsForLeaderEpochSaysWhereEachEpochEnds() throws Exception {
        bumpEpochAndProduce();
        assertThat(offsetsForEpoch(1, 0)).satisfies(e -> {
            assertThat(e.leaderEpoch()).isZero();
            assertThat(e.endOffset()).isEqualTo(3);
        });
        assertThat(offsetsForEpoch(1, 1)).satisfies(e -> {
            assertThat(e.leaderEpoch()).isEqualTo(1);
            assertThat(e.endOffset()).isEqualTo(5);
        });
        assertThat(offsetsForEpoch(1, 7)).satisfies(e -> {
            assertThat(Errors.forCode(e.errorCode())).isEqualTo(Errors.NONE);
            assertThat(e.leaderEpoch()).isEqualTo(-1);
            assertThat(e.endOffset()).isEqualTo(-1);
        });
        assertThat(Errors.forCode(offsetsForEpoch(0, 0).errorCode())).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(Errors.forCode(offsetsForEpoch(9, 0).errorCode())).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
    }

    /** A fetch naming the epoch of its last batch, as followers send it (consumers may too; the leader checks both). */
    private FetchResponseData.PartitionData fetchAfterEpoch(int lastFetchedEpoch, long fetchOffset) throws Exception {
        Uuid topicId = metadata.topic(TOPIC).map(t -> Uuid.fromString(t.assignment().topicId())).orElseThrow();
        FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                .setSessionEpoch(-1);
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopicId(topicId);
        topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setCurrentLeaderEpoch(1)
                .setFetchOffset(fetchOffset).setLastFetchedEpoch(lastFetchedEpoch).setPartitionMaxBytes(1 << 20));
        request.topics().add(topic);
        FetchResponseData response = (FetchResponseData) connection.send(ApiKeys.FETCH, request);
        return response.responses().get(0).partitions().get(0);
    }

    @Test
    void aFetchWhoseLastEpochEndsBelowItsOffsetGetsTheDivergingEpochAndNoRecords() throws Exception {
        bumpEpochAndProduce();
        FetchResponseData.PartitionData diverged = fetchAfterEpoch(0, 4);

        assertThat(Errors.forCode(diverged.errorCode())).isEqualTo(Errors.NONE);
        assertThat(diverged.divergingEpoch().epoch()).isZero();
        assertThat(diverged.divergingEpoch().endOffset()).isEqualTo(3);
        assertThat(diverged.records().sizeInBytes()).isZero();

        FetchResponseData.PartitionData agreeing = fetchAfterEpoch(0, 3);
        assertThat(agreeing.divergingEpoch().epoch()).isEqualTo(-1);
        assertThat(agreeing.records().sizeInBytes()).isPositive();
        // an epoch newer than the leader's latest: the leader cannot place it
        assertThat(Errors.forCode(fetchAfterEpoch(5, 5).errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse listOffsets(int replicaId, long timestamp) throws Exception {
        return listOffsets(replicaId, -1, timestamp);
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse listOffsets(int replicaId, int currentLeaderEpoch,
            long timestamp) throws Exception {
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(replicaId);
        request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC).setPartitions(List.of(
                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setCurrentLeaderEpoch(currentLeaderEpoch)
                        .setTimestamp(timestamp))));
        ListOffsetsResponseData response = (ListOffsetsResponseData) connection.send(ApiKeys.LIST_OFFSETS, request);
        return response.topics().get(0).partitions().get(0);
    }

    @Test
    void listOffsetsReportsTheEpochOfTheBatchHoldingEachOffset() throws Exception {
        bumpEpochAndProduce();
        assertThat(listOffsets(-1, -2)).satisfies(p -> {
            assertThat(p.offset()).isZero();
            assertThat(p.leaderEpoch()).isZero();
        });
        assertThat(listOffsets(-1, -1)).satisfies(p -> {
            assertThat(p.offset()).isEqualTo(5);
            assertThat(p.leaderEpoch()).isEqualTo(1);
        });
        // a timestamp every record has passed: the first record, written at epoch 0
        assertThat(listOffsets(-1, 0)).satisfies(p -> {
            assertThat(p.offset()).isZero();
            assertThat(p.leaderEpoch()).isZero();
        });
    }

    @Test
    void aConsumerKeepsItsPositionAcrossALeaderEpochChange() throws Exception {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return values.size() >= 3;
            });

            bumpEpochAndProduce();

            // the consumer sees the new epoch in Metadata, validates its position with OffsetsForLeaderEpoch (the
            // end of epoch 0 is 3, not below its position), and goes on without a reset or a truncation
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return values.size() >= 5;
            });
            assertThat(values).containsExactly("a", "b", "c", "d", "e");
            assertThat(consumer.position(tp)).isEqualTo(5);
            assertThat(broker.meters.find(RequestMetrics.REQUESTS).tag("api", ApiKeys.OFFSET_FOR_LEADER_EPOCH.name)
                    .counter()).as("the consumer's position validation").isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isPositive());
        }
    }
}

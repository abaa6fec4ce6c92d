package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedClusterTest {

    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aConsumerGroupReadsWhatAProducerWroteAndCommitsItsOffsets() throws Exception {
        cluster.createTopics(2, "orders");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders", "key-" + i, "order-" + i)).get();
            }
        }
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "order-readers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    read.add(record.value());
                }
                return read.size() >= 10;
            });
            consumer.commitSync();
            assertThat(consumer.assignment()).hasSize(2);
        }
        assertThat(read).containsExactlyInAnyOrder("order-0", "order-1", "order-2", "order-3", "order-4",
                "order-5", "order-6", "order-7", "order-8", "order-9");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("order-readers")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(10);
        }
    }

    @Test
    void creatingATopicAgainKeepsItAndMorePartitionsRaiseItsCount() throws Exception {
        cluster.createTopics(1, "payments");
        cluster.createTopics(1, "payments");
        cluster.createTopics(3, "payments");
        assertPartitions("payments", 3);
    }

    @Test
    void fewerPartitionsThanATopicHasKeepItAsItIs() throws Exception {
        // two test classes naming one topic, the one with more partitions first
        cluster.createTopics(3, "refunds");
        cluster.createTopics(1, "refunds");
        assertPartitions("refunds", 3);
    }

    private void assertPartitions(String topic, int count) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions())
                    .hasSize(count)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
        }
    }

    @Test
    void aTopicTheClusterRefusesFailsWithTheClustersReason() {
        assertThatThrownBy(() -> cluster.createTopics(1, "not a topic name"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not create topic 'not a topic name'")
                .hasMessageContaining("is illegal");
        assertThatThrownBy(() -> cluster.createTopics(0, "empty"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one partition");
    }

    @Test
    void aSettingGivenAtStartReplacesTheEmbeddedDefault() throws Exception {
        try (EmbeddedCluster other = EmbeddedCluster.start(Map.of("num.partitions", "4"));
             Admin admin = Admin.create(Map.of("bootstrap.servers", other.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty()))).all().get();
            assertThat(admin.describeTopics(Set.of("defaults")).allTopicNames().get().get("defaults").partitions())
                    .hasSize(4);
        }
    }

    @Test
    void closingReleasesEveryPortAndDeletesTheData() throws Exception {
        EmbeddedCluster other = EmbeddedCluster.start();
        other.createTopics(1, "short-lived");
        int brokerPort = Integer.parseInt(other.bootstrapServers().substring(other.bootstrapServers().indexOf(':') + 1));
        String zookeeper = other.zookeeperConnect();
        int zookeeperPort = Integer.parseInt(zookeeper.substring(zookeeper.indexOf(':') + 1, zookeeper.indexOf('/')));
        Path dataDir = other.dataDir();
        assertThat(dataDir).isDirectory();
        assertThat(other.bootstrapServers()).isNotEqualTo(cluster.bootstrapServers());

        other.close();
        other.close();

        assertThat(Files.exists(dataDir)).isFalse();
        for (int port : List.of(brokerPort, zookeeperPort)) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
        assertThatThrownBy(() -> other.createTopics(1, "too-late")).isInstanceOf(IllegalStateException.class);
    }
}

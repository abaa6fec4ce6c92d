package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * The harness itself, on the real standalone jar: start, SIGTERM, restart on the same ports over the same data,
 * SIGKILL. Other end-to-end tests rely on exactly this.
 */
class TributaryProcessIT {

    @Test
    void recordsSurviveAStopAndARestartOnTheSamePorts(@TempDir Path dataDir) throws Exception {
        int kafkaPort;
        int zookeeperPort;
        try (TributaryProcess first = TributaryProcess.startStandalone(dataDir)) {
            kafkaPort = first.kafkaPort();
            zookeeperPort = first.zookeeperPort();
            assertThat(first.bootstrap()).isEqualTo("127.0.0.1:" + kafkaPort);
            try (Admin admin = admin(first)) {
                admin.createTopics(List.of(new NewTopic("harness", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrap()), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("harness", "k", "before restart")).get(30, TimeUnit.SECONDS);
            }
            first.stop();
            assertThat(first.isAlive()).isFalse();
            assertThat(first.dataDir().resolve("logs").resolve("harness-0")).isDirectory();
        }

        try (TributaryProcess second = TributaryProcess.startStandaloneOn(dataDir, kafkaPort, zookeeperPort)) {
            assertThat(second.bootstrap()).isEqualTo("127.0.0.1:" + kafkaPort);
            TopicPartition partition = new TopicPartition("harness", 0);
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrap(),
                            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                Waiting.atMost(Duration.ofSeconds(30), () -> "nothing read back after the restart\n" + second.logTail(40))
                        .failFast(second.aliveCheck()).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                    return !values.isEmpty();
                });
            }
            assertThat(values).containsExactly("before restart");

            long pid = second.pid();
            second.kill9();
            assertThat(second.isAlive()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void brokerServiceRunsAloneAgainstAZooKeeper(@TempDir Path tmp) throws Exception {
        try (TestingServer zookeeper = new TestingServer(Ports.free(), tmp.resolve("zk").toFile(), true)) {
            int port = Ports.free();
            try (ServiceProcess broker = ServiceProcess.startAndAwaitReady(Service.BROKER, List.of("--broker.id=1",
                    "--listeners=PLAINTEXT://127.0.0.1:" + port, "--log.dirs=" + tmp.resolve("logs"),
                    "--zookeeper.connect=" + zookeeper.getConnectString() + "/tributary"), "127.0.0.1", port)) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + port))) {
                    assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                            .extracting(node -> node.id()).containsExactly(1);
                }
                broker.stop();
                assertThat(broker.isAlive()).isFalse();
                assertThat(broker.stderr()).doesNotContain("failed to start");
            }
        }
    }

    private static Admin admin(TributaryProcess tributary) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap()));
    }
}

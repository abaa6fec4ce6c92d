package io.tributary.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.tributary.node.config.ListenerAddress;

class BrokerConfigTest {

    private static BrokerConfig config(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return BrokerConfig.from(environment);
    }

    @Test
    void readsKafkaBrokerPropertyNames() {
        BrokerConfig config = config(Map.of(
                "broker.id", "7",
                "listeners", "PLAINTEXT://0.0.0.0:9093",
                "advertised.listeners", "PLAINTEXT://broker7.example:19093",
                "log.dirs", "/data/a, /data/b",
                "zookeeper.connect", "zk1:2181,zk2:2181/prod",
                "num.partitions", "3",
                "default.replication.factor", "2",
                "auto.create.topics.enable", "true",
                "socket.request.max.bytes", "1024",
                "queued.max.requests", "20"));
        assertThat(config.brokerId()).isEqualTo(7);
        assertThat(config.node().listeners().bound()).containsExactly(new ListenerAddress("PLAINTEXT", "0.0.0.0", 9093));
        assertThat(config.node().listeners().advertised())
                .containsExactly(new ListenerAddress("PLAINTEXT", "broker7.example", 19093));
        assertThat(config.logDirs()).containsExactly(Path.of("/data/a"), Path.of("/data/b"));
        assertThat(config.node().zookeeperConnect()).isEqualTo("zk1:2181,zk2:2181/prod");
        assertThat(config.topics().numPartitions()).isEqualTo(3);
        assertThat(config.topics().defaultReplicationFactor()).isEqualTo((short) 2);
        assertThat(config.autoCreateTopicsEnable()).isTrue();
        assertThat(config.node().socketRequestMaxBytes()).isEqualTo(1024);
        assertThat(config.node().protocolServer().queuedMaxRequests()).isEqualTo(20);
    }

    @Test
    void defaultsFollowKafka() {
        BrokerConfig config = config(Map.of());
        assertThat(config.node().listeners().bound()).containsExactly(new ListenerAddress("PLAINTEXT", "", 9092));
        assertThat(config.node().listeners().advertised())
                .containsExactly(new ListenerAddress("PLAINTEXT", "127.0.0.1", 9092));
        assertThat(config.node().listeners().interBrokerName()).isEqualTo("PLAINTEXT");
        assertThat(config.autoCreateTopicsEnable()).isFalse();
        assertThat(config.node().socketRequestMaxBytes()).isEqualTo(100 * 1024 * 1024);
        assertThat(config.node().numNetworkThreads()).isEqualTo(3);
        assertThat(config.node().numIoThreads()).isEqualTo(8);
        assertThat(config.node().queuedMaxRequests()).isEqualTo(500);
        assertThat(config.retentionCheckInterval().toMillis()).isEqualTo(300_000);
        assertThat(config.logCleanerBackoff().toMillis()).isEqualTo(15_000);
        assertThat(config.topics().offsetsTopicNumPartitions()).isEqualTo(50);
        assertThat(config.topics().logDefaults()).isEmpty();
        assertThat(config.logCleaner().dedupeBufferSize()).isEqualTo(134_217_728L);
        assertThat(config.logCleaner().loadFactor()).isEqualTo(0.9);
        assertThat(config.producerIdExpiration().toMillis()).isEqualTo(86_400_000L);
        assertThat(config.producerIdExpirationCheckInterval().toMillis()).isEqualTo(600_000L);
    }

    @Test
    void readsTheCleanerAndProducerStateBounds() {
        BrokerConfig config = config(Map.of(
                "log.cleaner.dedupe.buffer.size", "1048576",
                "log.cleaner.io.buffer.load.factor", "0.75",
                "producer.id.expiration.ms", "3600000",
                "producer.id.expiration.check.interval.ms", "1000"));
        assertThat(config.logCleaner().dedupeBufferSize()).isEqualTo(1_048_576L);
        assertThat(config.logCleaner().loadFactor()).isEqualTo(0.75);
        assertThat(config.producerIdExpiration().toMillis()).isEqualTo(3_600_000L);
        assertThat(config.producerIdExpirationCheckInterval().toMillis()).isEqualTo(1_000L);
    }

    @Test
    void retentionMillisecondsWinOverMinutesAndHours() {
        assertThat(config(Map.of("log.retention.hours", "2")).topics().logDefaults()).containsEntry("retention.ms", "7200000");
        assertThat(config(Map.of("log.retention.hours", "2", "log.retention.minutes", "3")).topics().logDefaults())
                .containsEntry("retention.ms", "180000");
        assertThat(config(Map.of("log.retention.hours", "2", "log.retention.ms", "5")).topics().logDefaults())
                .containsEntry("retention.ms", "5");
        assertThat(config(Map.of("log.segment.bytes", "1024", "log.retention.bytes", "4096", "message.max.bytes", "2048"))
                .topics().logDefaults())
                .containsEntry("segment.bytes", "1024")
                .containsEntry("retention.bytes", "4096")
                .containsEntry("max.message.bytes", "2048");
        assertThat(config(Map.of("log.cleaner.delete.retention.ms", "1000", "log.cleaner.min.cleanable.ratio", "0.25"))
                .topics().logDefaults())
                .containsEntry("delete.retention.ms", "1000")
                .containsEntry("min.cleanable.dirty.ratio", "0.25");
    }

    @Test
    void environmentVariablesUseSpringsRelaxedNames() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env",
                Map.of("BROKER_ID", "4", "LOG_DIRS", "/var/lib/tributary")));
        BrokerConfig config = BrokerConfig.from(environment);
        assertThat(config.brokerId()).isEqualTo(4);
        assertThat(config.logDirs()).isEqualTo(List.of(Path.of("/var/lib/tributary")));
    }

    @Test
    void refusesBadValuesWithTheirName() {
        assertThatThrownBy(() -> config(Map.of("listeners", "9092"))).hasMessageContaining("listeners");
        assertThatThrownBy(() -> config(Map.of("listeners", "SSL://:9093"))).hasMessageContaining("only PLAINTEXT");
        assertThatThrownBy(() -> config(Map.of("broker.id", "1000"))).hasMessageContaining("broker.id");
        assertThatThrownBy(() -> config(Map.of("num.partitions", "0"))).hasMessageContaining("num.partitions");
        assertThatThrownBy(() -> config(Map.of("log.cleaner.backoff.ms", "0"))).hasMessageContaining("log.cleaner.backoff.ms");
        assertThatThrownBy(() -> config(Map.of("offsets.topic.num.partitions", "0"))).hasMessageContaining("offsets.topic.num.partitions");
        assertThatThrownBy(() -> config(Map.of("log.dirs", " , "))).hasMessageContaining("log.dirs");
        assertThatThrownBy(() -> config(Map.of("log.cleaner.dedupe.buffer.size", "10"))).hasMessageContaining("log.cleaner.dedupe.buffer.size");
        assertThatThrownBy(() -> config(Map.of("log.cleaner.io.buffer.load.factor", "1.5")))
                .hasMessageContaining("log.cleaner.io.buffer.load.factor");
        assertThatThrownBy(() -> config(Map.of("producer.id.expiration.ms", "0"))).hasMessageContaining("producer.id.expiration.ms");
    }
}

package io.tributary.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import io.tributary.node.topic.TopicConfigSchema;

class LogConfigTest {

    @Test
    void defaultsAreKafkas() {
        LogConfig defaults = LogConfig.defaults();
        assertThat(defaults.segmentBytes()).isEqualTo(1 << 30);
        assertThat(defaults.segmentMs()).isEqualTo(604_800_000L);
        assertThat(defaults.retentionMs()).isEqualTo(604_800_000L);
        assertThat(defaults.retentionBytes()).isEqualTo(-1);
        assertThat(defaults.maxMessageBytes()).isEqualTo(1_048_588);
        assertThat(defaults.indexIntervalBytes()).isEqualTo(4096);
        assertThat(defaults.segmentIndexBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(defaults.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(defaults.cleanupPolicy()).isEqualTo("delete");
        assertThat(defaults.minInsyncReplicas()).isEqualTo(1);
        assertThat(defaults.messageTimestampType()).isEqualTo(TimestampType.CREATE_TIME);
    }

    @Test
    void overridesUseKafkaTopicConfigNames() {
        LogConfig config = LogConfig.defaults().withOverrides(Map.of(
                "segment.bytes", "1048576", "retention.ms", "-1", "retention.bytes", "5000000",
                "cleanup.policy", "compact, delete", "min.insync.replicas", "2", "message.timestamp.type", "LogAppendTime",
                "flush.messages", "1", "flush.ms", "1000", "segment.ms", "60000", "max.message.bytes", "2000000"));
        assertThat(config.segmentBytes()).isEqualTo(1_048_576);
        assertThat(config.retentionMs()).isEqualTo(-1);
        assertThat(config.retentionBytes()).isEqualTo(5_000_000);
        assertThat(config.cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(config.deleteEnabled()).isTrue();
        assertThat(config.minInsyncReplicas()).isEqualTo(2);
        assertThat(config.messageTimestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(config.flushMessages()).isEqualTo(1);
        assertThat(config.asTopicConfigMap())
                .containsEntry("retention.ms", "-1")
                .containsEntry("message.timestamp.type", "LogAppendTime")
                .containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("segment.index.bytes", "10485760")
                .containsOnlyKeys(TopicConfigSchema.KAFKA.names().stream()
                        // the controller's, not the log's
                        .filter(name -> !name.equals("unclean.leader.election.enable")).toList());
        assertThat(LogConfig.defaults().withOverrides(config.asTopicConfigMap())).isEqualTo(config);
    }

    @Test
    void unknownNamesAndBadValuesAreRejectedPrecisely() {
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("retention.hours", "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown topic config name: retention.hours");
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("segment.bytes", "big")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid value big for configuration segment.bytes: Not a number of type INT");
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("retention.ms", "-2")))
                .hasMessage("Invalid value -2 for configuration retention.ms: Value must be at least -1");
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("cleanup.policy", "forever")))
                .hasMessage("Invalid value forever for configuration cleanup.policy: String must be one of: delete, compact");
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("min.insync.replicas", "0")))
                .hasMessageContaining("min.insync.replicas");
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("message.timestamp.type", "WallClock")))
                .hasMessageContaining("message.timestamp.type");
    }

    @Test
    void compactOnlyTopicsAreNotDeletedByRetention() {
        assertThat(LogConfig.defaults().withOverrides(Map.of("cleanup.policy", "compact")).deleteEnabled()).isFalse();
    }
}

package io.tributary.node.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class TopicConfigSchemaTest {

    @Test
    void theSupportedConfigsAreKafkasNamesWithKafkasDefaults() {
        assertThat(TopicConfigSchema.KAFKA.names()).containsExactlyInAnyOrder(
                TopicConfig.SEGMENT_BYTES_CONFIG, TopicConfig.SEGMENT_MS_CONFIG, TopicConfig.RETENTION_MS_CONFIG,
                TopicConfig.RETENTION_BYTES_CONFIG, TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, TopicConfig.SEGMENT_INDEX_BYTES_CONFIG,
                TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, TopicConfig.FLUSH_MS_CONFIG, TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                TopicConfig.DELETE_RETENTION_MS_CONFIG, TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG);
        assertThat(TopicConfigSchema.KAFKA.defaultValues())
                .containsEntry("segment.bytes", "1073741824")
                .containsEntry("retention.ms", "604800000")
                .containsEntry("retention.bytes", "-1")
                .containsEntry("max.message.bytes", "1048588")
                .containsEntry("flush.messages", String.valueOf(Long.MAX_VALUE))
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("message.timestamp.type", "CreateTime")
                .containsEntry("min.cleanable.dirty.ratio", "0.5")
                .containsEntry("unclean.leader.election.enable", "false");
    }

    @Test
    void valuesAreParsedToTheirTypes() {
        TopicConfigValues values = TopicConfigSchema.KAFKA.parse(Map.of(
                "segment.bytes", " 1048576 ", "retention.ms", "-1", "cleanup.policy", "compact, delete,compact",
                "min.cleanable.dirty.ratio", "0.25"));
        assertThat(values.getInt("segment.bytes")).isEqualTo(1_048_576);
        assertThat(values.getLong("retention.ms")).isEqualTo(-1L);
        assertThat(values.getList("cleanup.policy")).containsExactly("compact", "delete");
        assertThat(values.getDouble("min.cleanable.dirty.ratio")).isEqualTo(0.25);
        assertThat(values.getLong("segment.ms")).as("untouched configs keep the default").isEqualTo(604_800_000L);
    }

    @Test
    void badValuesAreRefusedWithKafkasMessages() {
        assertRefused(Map.of("retention.hours", "1"), "Unknown topic config name: retention.hours");
        assertRefused(Map.of("segment.bytes", "big"), "Invalid value big for configuration segment.bytes: Not a number of type INT");
        assertRefused(Map.of("segment.bytes", "13"), "Invalid value 13 for configuration segment.bytes: Value must be at least 14");
        assertRefused(Map.of("retention.ms", "-2"), "Invalid value -2 for configuration retention.ms: Value must be at least -1");
        assertRefused(Map.of("cleanup.policy", "forever"),
                "Invalid value forever for configuration cleanup.policy: String must be one of: delete, compact");
        assertRefused(Map.of("message.timestamp.type", "WallClock"),
                "Invalid value WallClock for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime");
        assertRefused(Map.of("min.cleanable.dirty.ratio", "1.5"),
                "Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1");
        assertRefused(Map.of("min.cleanable.dirty.ratio", "NaN"),
                "Invalid value NaN for configuration min.cleanable.dirty.ratio: Not a number of type DOUBLE");
        assertRefused(Map.of("min.insync.replicas", "0"),
                "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("flush.ms", null);
        assertRefused(nullValue, "Invalid value null for configuration flush.ms: Value must be non-null");
    }

    @Test
    void anEmptyCleanupPolicyIsRefused() {
        assertThatThrownBy(() -> TopicConfigSchema.KAFKA.parse(Map.of("cleanup.policy", "")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cleanup.policy");
    }

    @Test
    void aNodesDefaultsReplaceKafkasAndOverridesApplyOnTop() {
        TopicConfigSchema node = TopicConfigSchema.KAFKA.withDefaults(Map.of("retention.ms", "1000", "cleanup.policy", "compact"));
        assertThat(node.defaultValues()).containsEntry("retention.ms", "1000").containsEntry("cleanup.policy", "compact");
        assertThat(node.describe(Map.of("retention.ms", "2000")))
                .containsEntry("retention.ms", "2000")
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("segment.bytes", "1073741824");
        assertThat(TopicConfigSchema.KAFKA.defaultValues()).containsEntry("retention.ms", "604800000");
        assertThatThrownBy(() -> TopicConfigSchema.KAFKA.withDefaults(Map.of("retention.ms", "soon")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
    }

    @Test
    void describedValuesParseBackToTheSameValues() {
        Map<String, String> described = TopicConfigSchema.KAFKA.describe(Map.of("cleanup.policy", "compact,delete",
                "message.timestamp.type", "LogAppendTime"));
        assertThat(TopicConfigSchema.KAFKA.parse(described)).isEqualTo(TopicConfigSchema.KAFKA.parse(Map.of(
                "cleanup.policy", "compact,delete", "message.timestamp.type", "LogAppendTime")));
        assertThat(described.get("cleanup.policy")).isEqualTo("compact,delete");
        assertThat(List.copyOf(described.keySet())).isEqualTo(List.copyOf(TopicConfigSchema.KAFKA.names()));
    }

    private static void assertRefused(Map<String, String> overrides, String message) {
        assertThatThrownBy(() -> TopicConfigSchema.KAFKA.parse(overrides))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(message);
    }
}

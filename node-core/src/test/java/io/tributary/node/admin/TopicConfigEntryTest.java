package io.tributary.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tributary.node.admin.TopicConfigEntry.Synonym;
import io.tributary.node.topic.TopicConfigSchema;

class TopicConfigEntryTest {

    private final TopicConfigSchema brokerSetsRetentionBytes =
            TopicConfigSchema.KAFKA.withDefaults(Map.of("retention.bytes", "1000"));

    @Test
    void anOverrideComesFirstThenTheBrokerSettingThenTheBuiltInDefault() {
        TopicConfigEntry entry = entry(Map.of("retention.bytes", "50"), "retention.bytes");

        assertThat(entry.value()).isEqualTo("50");
        assertThat(entry.source()).isEqualTo(TopicConfigEntry.DYNAMIC_TOPIC_CONFIG);
        assertThat(entry.synonyms()).containsExactly(
                new Synonym("retention.bytes", "50", TopicConfigEntry.DYNAMIC_TOPIC_CONFIG),
                new Synonym("retention.bytes", "1000", TopicConfigEntry.STATIC_BROKER_CONFIG),
                new Synonym("retention.bytes", "-1", TopicConfigEntry.DEFAULT_CONFIG));
    }

    @Test
    void aBrokerSettingWithoutOverrideIsItsOwnFirstSynonym() {
        TopicConfigEntry entry = entry(Map.of(), "retention.bytes");

        assertThat(entry.source()).isEqualTo(TopicConfigEntry.STATIC_BROKER_CONFIG);
        assertThat(entry.synonyms()).containsExactly(
                new Synonym("retention.bytes", "1000", TopicConfigEntry.STATIC_BROKER_CONFIG),
                new Synonym("retention.bytes", "-1", TopicConfigEntry.DEFAULT_CONFIG));
    }

    @Test
    void anOverriddenConfigTheBrokerLeavesAloneResetsToTheBuiltInDefault() {
        TopicConfigEntry entry = entry(Map.of("retention.ms", "2000"), "retention.ms");

        assertThat(entry.synonyms()).containsExactly(
                new Synonym("retention.ms", "2000", TopicConfigEntry.DYNAMIC_TOPIC_CONFIG),
                new Synonym("retention.ms", "604800000", TopicConfigEntry.DEFAULT_CONFIG));
    }

    private TopicConfigEntry entry(Map<String, String> overrides, String name) {
        List<TopicConfigEntry> entries = TopicConfigEntry.effective(brokerSetsRetentionBytes, overrides);
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}

package io.tributary.admin.topicconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResetValueTest {

    private static final String TOPIC = "DYNAMIC_TOPIC_CONFIG";

    @Test
    void aConfigWithoutOverrideResetsToItsOwnValue() {
        assertThat(ResetValue.of("delete", "DEFAULT_CONFIG", List.of())).isEqualTo("delete");
    }

    @Test
    void anOverrideResetsToTheFirstLevelBelowTheTopic() {
        assertThat(ResetValue.of("50", TOPIC, List.of(
                new ConfigSynonym("retention.bytes", "50", TOPIC),
                new ConfigSynonym("log.retention.bytes", "1000", "STATIC_BROKER_CONFIG"),
                new ConfigSynonym("log.retention.bytes", "-1", "DEFAULT_CONFIG")))).isEqualTo("1000");
    }

    @Test
    void kafkasHoursAndMinutesBecomeTheTopicConfigsMilliseconds() {
        assertThat(ResetValue.of("1000", TOPIC, List.of(
                new ConfigSynonym("retention.ms", "1000", TOPIC),
                new ConfigSynonym("log.retention.hours", "168", "DEFAULT_CONFIG")))).isEqualTo("604800000");
        assertThat(ResetValue.of("1000", TOPIC, List.of(
                new ConfigSynonym("retention.ms", "1000", TOPIC),
                new ConfigSynonym("log.retention.minutes", "30", "STATIC_BROKER_CONFIG")))).isEqualTo("1800000");
    }

    @Test
    void anOverrideWithoutALevelBelowHasNoKnownResetValue() {
        assertThat(ResetValue.of("1000", TOPIC, List.of(new ConfigSynonym("retention.ms", "1000", TOPIC)))).isNull();
    }
}

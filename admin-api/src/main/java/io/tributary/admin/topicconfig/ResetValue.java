package io.tributary.admin.topicconfig;

import java.util.List;

/**
 * The value a topic config takes when its topic override is deleted, read from DescribeConfigs' synonyms: the first
 * level below the topic's own.
 */
final class ResetValue {

    private static final String TOPIC_LEVEL = "DYNAMIC_TOPIC_CONFIG";
    private static final long MINUTE_MS = 60_000;
    private static final long HOUR_MS = 3_600_000;

    private ResetValue() {
    }

    /**
     * @param source Kafka's source of the config's value
     * @param synonyms its levels, most specific first
     * @return {@code null} when the cluster names no level below the override
     */
    static String of(String value, String source, List<ConfigSynonym> synonyms) {
        if (!TOPIC_LEVEL.equals(source)) {
            return value;
        }
        return synonyms.stream()
                .filter(s -> !TOPIC_LEVEL.equals(s.source()))
                .findFirst()
                .map(ResetValue::inTopicUnits)
                .orElse(null);
    }

    /**
     * Kafka names the broker levels of a topic config by the broker's settings, and a few of those count hours or
     * minutes where the topic config counts milliseconds ({@code log.retention.hours} for {@code retention.ms}).
     */
    private static String inTopicUnits(ConfigSynonym synonym) {
        String name = synonym.name();
        long factor = name.endsWith(".hours") ? HOUR_MS : name.endsWith(".minutes") ? MINUTE_MS : 1;
        if (factor == 1 || synonym.value() == null) {
            return synonym.value();
        }
        try {
            return Long.toString(Math.multiplyExact(Long.parseLong(synonym.value().trim()), factor));
        } catch (NumberFormatException | ArithmeticException notAnAmount) {
            return null;
        }
    }
}

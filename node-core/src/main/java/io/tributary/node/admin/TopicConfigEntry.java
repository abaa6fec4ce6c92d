package io.tributary.node.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.node.topic.TopicConfigSchema;

/**
 * One effective topic config as the admin APIs report it. The source codes are Kafka's
 * ({@code DescribeConfigsResponse.ConfigSource}): an override set on the topic, a broker-wide setting, or the
 * built-in default.
 *
 * @param synonyms every level that gives the config a value, most specific first (Kafka's DescribeConfigs synonyms):
 *                 the topic's override, the broker's setting, the built-in default; the first one is the entry's own
 */
public record TopicConfigEntry(String name, String value, byte source, List<Synonym> synonyms) {

    /** One level of a config's value. */
    public record Synonym(String name, String value, byte source) {
    }

    public TopicConfigEntry {
        synonyms = List.copyOf(synonyms);
    }

    public static final byte DYNAMIC_TOPIC_CONFIG = 1;
    public static final byte STATIC_BROKER_CONFIG = 4;
    public static final byte DEFAULT_CONFIG = 5;

    /** Every topic config with its effective value, sorted by name. */
    public static List<TopicConfigEntry> effective(TopicConfigSchema topicConfigs, Map<String, String> overrides) {
        Map<String, String> brokerLevel = topicConfigs.defaultValues();
        Map<String, String> builtIn = TopicConfigSchema.KAFKA.defaultValues();
        List<TopicConfigEntry> entries = new ArrayList<>();
        new TreeMap<>(topicConfigs.describe(overrides)).forEach((name, value) -> {
            byte source;
            if (overrides.containsKey(name)) {
                source = DYNAMIC_TOPIC_CONFIG;
            } else if (!value.equals(builtIn.get(name)) && value.equals(brokerLevel.get(name))) {
                source = STATIC_BROKER_CONFIG;
            } else {
                source = DEFAULT_CONFIG;
            }
            List<Synonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) {
                synonyms.add(new Synonym(name, value, DYNAMIC_TOPIC_CONFIG));
            }
            String brokerValue = brokerLevel.get(name);
            String builtInValue = builtIn.get(name);
            if (brokerValue != null && !brokerValue.equals(builtInValue)) {
                synonyms.add(new Synonym(name, brokerValue, STATIC_BROKER_CONFIG));
            }
            if (builtInValue != null) {
                synonyms.add(new Synonym(name, builtInValue, DEFAULT_CONFIG));
            }
            entries.add(new TopicConfigEntry(name, value, source, synonyms));
        });
        return entries;
    }
}

package io.tributary.node.topic;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/**
 * The topic-level configs Tributary supports, as a kafka-clients {@link ConfigDef} under {@link TopicConfig}'s names:
 * their types, validators and defaults. Parsing goes through {@code ConfigDef}, so a bad value is refused with the
 * message Kafka gives for it ("Invalid value big for configuration segment.bytes: Not a number of type INT"), as an
 * {@link InvalidConfigurationException} that the admin APIs answer as INVALID_CONFIG.
 *
 * <p>Kafka bounds none of a request's config entries; here a request may name at most {@value #MAX_ENTRIES} of them
 * per topic, each name at most {@value #MAX_NAME_LENGTH} and each value at most {@value #MAX_VALUE_LENGTH}
 * characters, checked before anything is parsed: every value Tributary accepts is far shorter, and a refusal does
 * not echo a huge value back to the client.
 *
 * <p>{@link #KAFKA} has Kafka's built-in defaults; {@link #withDefaults} gives the schema of a node whose broker
 * settings ({@code log.retention.hours}, …) change them. Immutable and thread-safe.
 */
public final class TopicConfigSchema {

    /** Config entries one request may give one topic, duplicates included. */
    public static final int MAX_ENTRIES = 100;
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_VALUE_LENGTH = 4096;

    /** The smallest segment that can hold one record batch header; Kafka's own lower bound. */
    private static final int MIN_SEGMENT_BYTES = 14;
    /** Two offset-index entries at least, so that a segment can always roll before its index is full. */
    private static final int MIN_SEGMENT_INDEX_BYTES = 16;

    /** Kafka's defaults for every topic config, as its {@code LogConfig} defines them. */
    private static final Map<String, Object> KAFKA_DEFAULTS = kafkaDefaults();

    /** The schema with Kafka's built-in defaults. */
    public static final TopicConfigSchema KAFKA = new TopicConfigSchema(KAFKA_DEFAULTS);

    private final ConfigDef definition;
    private final TopicConfigValues defaults;

    private TopicConfigSchema(Map<String, Object> defaults) {
        this.definition = define(defaults);
        this.defaults = parse(Map.of());
    }

    /**
     * This schema with other defaults, e.g. a broker's {@code log.*} settings under the topic config names.
     *
     * @throws InvalidConfigurationException naming the config for an unknown name or a bad value
     */
    public TopicConfigSchema withDefaults(Map<String, String> topicConfigs) {
        return new TopicConfigSchema(parse(topicConfigs).asMap());
    }

    /** The names {@link #parse} accepts, in a stable order. */
    public Set<String> names() {
        return definition.names();
    }

    /**
     * The effective value of every topic config: these overrides over this schema's defaults.
     *
     * @throws InvalidConfigurationException naming the config for an unknown name or a bad value
     */
    public TopicConfigValues parse(Map<String, String> overrides) {
        validateEntryCount(overrides.size());
        overrides.forEach((name, value) -> {
            if (name.length() > MAX_NAME_LENGTH) {
                throw new InvalidConfigurationException("Unknown topic config name of " + name.length()
                        + " characters: names are at most " + MAX_NAME_LENGTH + " long");
            }
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidConfigurationException("The value of " + name + " is " + value.length()
                        + " characters long; at most " + MAX_VALUE_LENGTH + " are accepted");
            }
            if (!definition.configKeys().containsKey(name)) {
                throw new InvalidConfigurationException("Unknown topic config name: " + name);
            }
            if (value == null) {
                throw new InvalidConfigurationException(new ConfigException(name, null, "Value must be non-null").getMessage());
            }
        });
        Map<String, Object> parsed;
        try {
            parsed = new HashMap<>(definition.parse(overrides));
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
        // a policy named twice is still one policy; Kafka reports it once too
        parsed.computeIfPresent(TopicConfig.CLEANUP_POLICY_CONFIG,
                (name, policies) -> ((List<?>) policies).stream().distinct().toList());
        Map<String, Object> ordered = new LinkedHashMap<>();
        definition.names().forEach(name -> ordered.put(name, parsed.get(name)));
        return new TopicConfigValues(ordered);
    }

    /**
     * Refuses more config entries than one request may give one topic, before anything is built from them.
     *
     * @throws InvalidConfigurationException if there are more than {@value #MAX_ENTRIES}
     */
    public static void validateEntryCount(int entries) {
        if (entries > MAX_ENTRIES) {
            throw new InvalidConfigurationException(entries + " config entries for one topic; at most " + MAX_ENTRIES
                    + " are accepted");
        }
    }

    /** The value of every topic config as DescribeConfigs reports it, with these overrides applied. */
    public Map<String, String> describe(Map<String, String> overrides) {
        return toStrings(parse(overrides));
    }

    /** This schema's defaults as DescribeConfigs reports them. */
    public Map<String, String> defaultValues() {
        return toStrings(defaults);
    }

    private Map<String, String> toStrings(TopicConfigValues values) {
        Map<String, String> strings = new LinkedHashMap<>();
        values.asMap().forEach((name, value) ->
                strings.put(name, ConfigDef.convertToString(value, definition.configKeys().get(name).type)));
        return strings;
    }

    private static Map<String, Object> kafkaDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(TopicConfig.SEGMENT_BYTES_CONFIG, 1024 * 1024 * 1024);
        defaults.put(TopicConfig.SEGMENT_MS_CONFIG, 7L * 24 * 60 * 60 * 1000);
        defaults.put(TopicConfig.RETENTION_MS_CONFIG, 7L * 24 * 60 * 60 * 1000);
        defaults.put(TopicConfig.RETENTION_BYTES_CONFIG, -1L);
        defaults.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, 1024 * 1024 + 12);
        defaults.put(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, 4096);
        defaults.put(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, 10 * 1024 * 1024);
        defaults.put(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Long.MAX_VALUE);
        defaults.put(TopicConfig.FLUSH_MS_CONFIG, Long.MAX_VALUE);
        defaults.put(TopicConfig.CLEANUP_POLICY_CONFIG, List.of(TopicConfig.CLEANUP_POLICY_DELETE));
        defaults.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, 1);
        defaults.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        defaults.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, 24L * 60 * 60 * 1000);
        defaults.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, 0.5);
        defaults.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, false);
        return Map.copyOf(defaults);
    }

    private static ConfigDef define(Map<String, Object> defaults) {
        ConfigDef def = new ConfigDef();
        define(def, defaults, TopicConfig.SEGMENT_BYTES_CONFIG, Type.INT, Range.atLeast(MIN_SEGMENT_BYTES),
                TopicConfig.SEGMENT_BYTES_DOC);
        define(def, defaults, TopicConfig.SEGMENT_MS_CONFIG, Type.LONG, Range.atLeast(1), TopicConfig.SEGMENT_MS_DOC);
        define(def, defaults, TopicConfig.RETENTION_MS_CONFIG, Type.LONG, Range.atLeast(-1), TopicConfig.RETENTION_MS_DOC);
        define(def, defaults, TopicConfig.RETENTION_BYTES_CONFIG, Type.LONG, null, TopicConfig.RETENTION_BYTES_DOC);
        define(def, defaults, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Type.INT, Range.atLeast(0),
                TopicConfig.MAX_MESSAGE_BYTES_DOC);
        define(def, defaults, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, Type.INT, Range.atLeast(0),
                TopicConfig.INDEX_INTERVAL_BYTES_DOC);
        define(def, defaults, TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, Type.INT, Range.atLeast(MIN_SEGMENT_INDEX_BYTES),
                TopicConfig.SEGMENT_INDEX_BYTES_DOC);
        define(def, defaults, TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, Range.atLeast(1),
                TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC);
        define(def, defaults, TopicConfig.FLUSH_MS_CONFIG, Type.LONG, Range.atLeast(0), TopicConfig.FLUSH_MS_DOC);
        define(def, defaults, TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST,
                ValidList.in(false, TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.CLEANUP_POLICY_COMPACT),
                TopicConfig.CLEANUP_POLICY_DOC);
        define(def, defaults, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, Range.atLeast(1),
                TopicConfig.MIN_IN_SYNC_REPLICAS_DOC);
        define(def, defaults, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, Type.STRING,
                ValidString.in("CreateTime", "LogAppendTime"), TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC);
        define(def, defaults, TopicConfig.DELETE_RETENTION_MS_CONFIG, Type.LONG, Range.atLeast(0),
                TopicConfig.DELETE_RETENTION_MS_DOC);
        define(def, defaults, TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Type.DOUBLE, new Ratio(),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC);
        define(def, defaults, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, null,
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC);
        return def;
    }

    private static void define(ConfigDef def, Map<String, Object> defaults, String name, Type type,
            ConfigDef.Validator validator, String doc) {
        def.define(name, type, defaults.get(name), validator, Importance.MEDIUM, doc);
    }

    /** Between 0 and 1; unlike Kafka's {@code Range}, NaN is refused: it compares false with both bounds. */
    private static final class Ratio implements ConfigDef.Validator {

        private final Range range = Range.between(0, 1);

        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof Double ratio && ratio.isNaN()) {
                throw new ConfigException(name, value, "Not a number of type DOUBLE");
            }
            range.ensureValid(name, value);
        }

        @Override
        public String toString() {
            return range.toString();
        }
    }
}

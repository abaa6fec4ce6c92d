package io.tributary.admin.topicconfig;

/**
 * One level a config's value can come from, most specific first (the topic's override, the broker's setting, the
 * built-in default), as Kafka's DescribeConfigs names them.
 */
public record ConfigSynonym(String name, String value, String source) {
}

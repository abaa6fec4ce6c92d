package io.tributary.admin.topic;

/** One {@code {"name": ..., "value": ...}} of a topic creation's {@code configs}, as Confluent names them. */
public record ConfigValue(String name, String value) {
}

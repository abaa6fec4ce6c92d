package io.tributary.admin.topic;

/** The body of {@code PATCH …/topics/{topic_name}}: the new, larger partition count, as Confluent names it. */
public record UpdateTopicRequest(Integer partitionsCount) {
}

package io.tributary.admin.resource;

import java.util.List;

/**
 * A list answer: {@code {"kind": "KafkaTopicList", "metadata": {...}, "data": [...]}}.
 */
public record ResourceCollection<T>(String kind, CollectionMetadata metadata, List<T> data) {

    public ResourceCollection {
        data = List.copyOf(data);
    }
}

package io.tributary.metadata.topic;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic as a cache sees it. {@code partitions} may briefly miss partitions that {@code assignment} already lists:
 * the cache receives the topic node and each state node as separate events.
 */
public record TopicMetadata(String name, TopicAssignment assignment, Map<Integer, PartitionState> partitions) {

    public TopicMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(assignment, "assignment");
        partitions = Collections.unmodifiableMap(new TreeMap<>(partitions));
    }

    public String topicId() {
        return assignment.topicId();
    }
}

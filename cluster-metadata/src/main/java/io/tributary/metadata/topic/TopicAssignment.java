package io.tributary.metadata.topic;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The value of {@code /topics/{name}}: the topic id, the replicas of each partition (the first replica is the
 * preferred leader) and the topic's config overrides. Maps are sorted so that the stored JSON is stable.
 *
 * @param topicId Kafka Uuid string form, see {@link io.tributary.metadata.KafkaUuid}
 */
public record TopicAssignment(String topicId, Map<Integer, List<Integer>> replicas, Map<String, String> configs) {

    public TopicAssignment {
        Objects.requireNonNull(topicId, "topicId");
        TreeMap<Integer, List<Integer>> sortedReplicas = new TreeMap<>();
        Objects.requireNonNull(replicas, "replicas").forEach((p, r) -> sortedReplicas.put(p, List.copyOf(r)));
        replicas = Collections.unmodifiableMap(sortedReplicas);
        configs = Collections.unmodifiableMap(new TreeMap<>(configs == null ? Map.of() : configs));
    }

    public int partitionCount() {
        return replicas.size();
    }
}

package io.tributary.metadata.topic;

import java.util.List;
import java.util.Map;

/**
 * A CreateTopics request.
 *
 * @param numPartitions      -1 = the default of {@link TopicDefaults}
 * @param replicationFactor  -1 = the default of {@link TopicDefaults}
 * @param explicitAssignment partition → replicas; when not empty, both counts must be -1
 */
public record NewTopic(String name, int numPartitions, short replicationFactor,
                       Map<Integer, List<Integer>> explicitAssignment, Map<String, String> configs) {

    public NewTopic {
        explicitAssignment = explicitAssignment == null ? Map.of() : Map.copyOf(explicitAssignment);
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public static NewTopic of(String name, int numPartitions, int replicationFactor) {
        return new NewTopic(name, numPartitions, (short) replicationFactor, Map.of(), Map.of());
    }
}

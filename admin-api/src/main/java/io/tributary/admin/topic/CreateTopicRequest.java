package io.tributary.admin.topic;

import java.util.List;

/**
 * The body of {@code POST …/topics}, Confluent's field names. Counts left out take the cluster's defaults
 * ({@code num.partitions}, {@code default.replication.factor}); {@code validate_only} checks without creating.
 */
public record CreateTopicRequest(
        String topicName,
        Integer partitionsCount,
        Integer replicationFactor,
        List<ConfigValue> configs,
        Boolean validateOnly) {

    public CreateTopicRequest {
        configs = configs == null ? List.of() : configs;
    }

    boolean onlyValidate() {
        return Boolean.TRUE.equals(validateOnly);
    }
}

package io.tributary.node.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataException;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.topic.TopicConfigSchema;

/**
 * Topic changes made through the Kafka admin protocol: fills in the broker's defaults, validates topic configs
 * against the topic-config schema, and carries the change out through {@link ClusterMetadata}, turning its refusals
 * into the Kafka errors the clients know.
 */
public final class TopicAdministration {

    private final ClusterMetadata metadata;
    private final TopicConfigSchema topicConfigs;
    private final int defaultPartitions;
    private final short defaultReplicationFactor;

    public TopicAdministration(ClusterMetadata metadata, TopicConfigSchema topicConfigs, int defaultPartitions,
                               short defaultReplicationFactor) {
        this.metadata = metadata;
        this.topicConfigs = topicConfigs;
        this.defaultPartitions = defaultPartitions;
        this.defaultReplicationFactor = defaultReplicationFactor;
    }

    public TopicMetadata create(String name, int numPartitions, short replicationFactor,
            Map<Integer, List<Integer>> assignment, Map<String, String> configs, boolean validateOnly) {
        topicConfigs.parse(configs);
        int count = assignment.isEmpty() && numPartitions == -1 ? defaultPartitions : numPartitions;
        short factor = assignment.isEmpty() && replicationFactor == -1 ? defaultReplicationFactor : replicationFactor;
        if (!assignment.isEmpty() && (numPartitions != -1 || replicationFactor != -1)) {
            throw new InvalidRequestException("Both a replica assignment and a partition count or replication factor were given");
        }
        return call(() -> metadata.createTopic(new NewTopic(name, assignment.isEmpty() ? count : assignment.size(),
                factor, assignment, configs), validateOnly));
    }

    /** The name of the topic with this id, if it exists. */
    public Optional<String> topicName(Uuid topicId) {
        String id = topicId.toString();
        return metadata.topics().values().stream()
                .filter(t -> t.assignment().topicId().equals(id))
                .map(TopicMetadata::name)
                .findFirst();
    }

    public void delete(String name, Duration timeout) {
        call(() -> {
            metadata.deleteTopic(name, timeout);
            return null;
        });
    }

    public TopicMetadata createPartitions(String name, int totalCount, List<List<Integer>> assignment, boolean validateOnly) {
        return call(() -> metadata.createPartitions(name, totalCount, assignment, validateOnly));
    }

    /** Applies config changes; an empty value removes the override, so the topic falls back to the default. */
    public TopicMetadata alterConfigs(String name, Map<String, Optional<String>> changes, boolean validateOnly) {
        TopicMetadata current = metadata.topic(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic " + name + " does not exist"));
        Map<String, String> resulting = new HashMap<>(current.assignment().configs());
        changes.forEach((key, value) -> {
            if (value.isPresent()) {
                resulting.put(key, value.get());
            } else {
                resulting.remove(key);
            }
        });
        topicConfigs.parse(resulting);
        return call(() -> metadata.alterTopicConfigs(name, changes, validateOnly));
    }

    private static <T> T call(MetadataCall<T> call) {
        try {
            return call.run();
        } catch (MetadataException e) {
            throw toKafkaError(e);
        }
    }

    static ApiException toKafkaError(MetadataException e) {
        return switch (e.reason()) {
            case INVALID_TOPIC_NAME -> new InvalidTopicException(e.getMessage());
            case TOPIC_ALREADY_EXISTS -> new TopicExistsException(e.getMessage());
            case UNKNOWN_TOPIC -> new UnknownTopicOrPartitionException(e.getMessage());
            case INVALID_PARTITIONS -> new InvalidPartitionsException(e.getMessage());
            case INVALID_REPLICATION_FACTOR -> new InvalidReplicationFactorException(e.getMessage());
            case INVALID_REPLICA_ASSIGNMENT -> new InvalidReplicaAssignmentException(e.getMessage());
            default -> new InvalidRequestException(e.getMessage());
        };
    }

    @FunctionalInterface
    private interface MetadataCall<T> {
        T run();
    }
}

package io.tributary.node.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownServerException;
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

    /** Partitions of a topic created with a count of -1, {@code num.partitions}. */
    public int defaultPartitions() {
        return defaultPartitions;
    }

    /** How many partitions the topic has now, or empty if it does not exist. */
    public OptionalInt partitionCount(String name) {
        return metadata.topic(name).map(t -> OptionalInt.of(t.assignment().partitionCount())).orElse(OptionalInt.empty());
    }

    public TopicMetadata create(String name, int numPartitions, short replicationFactor,
            Map<Integer, List<Integer>> assignment, Map<String, String> configs, boolean validateOnly) {
        topicConfigs.parse(configs);
        int count = assignment.isEmpty() && numPartitions == -1 ? defaultPartitions : numPartitions;
        short factor = assignment.isEmpty() && replicationFactor == -1 ? defaultReplicationFactor : replicationFactor;
        if (!assignment.isEmpty() && (numPartitions != -1 || replicationFactor != -1)) {
            throw new InvalidRequestException("Both a replica assignment and a partition count or replication factor were given");
        }
        // with a manual assignment both counts stay -1: ClusterMetadata takes them from the assignment
        return call(() -> metadata.createTopic(new NewTopic(name, count, factor, assignment, configs), validateOnly));
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
        try {
            return call(() -> metadata.alterTopicConfigs(name, changes, validateOnly));
        } catch (PolicyViolationException tooLarge) {
            throw new InvalidConfigurationException(tooLarge.getMessage());
        }
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
            case POLICY_VIOLATION, WRITE_TOO_LARGE -> new PolicyViolationException(e.getMessage());
            // retriable: the client tries again once ZooKeeper is back or the controller has caught up
            case UNAVAILABLE, TIMED_OUT -> new TimeoutException(e.getMessage());
            case NOT_CONTROLLER -> new NotControllerException(e.getMessage());
            case ZOOKEEPER_ERROR -> new UnknownServerException(e.getMessage());
            default -> new InvalidRequestException(e.getMessage());
        };
    }

    @FunctionalInterface
    private interface MetadataCall<T> {
        T run();
    }
}

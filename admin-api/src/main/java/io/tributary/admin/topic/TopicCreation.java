package io.tributary.admin.topic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.audit.AuditTrail;
import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;

/**
 * Creates a topic (or only validates its creation) through CreateTopics, so that the cluster's own rules and errors
 * apply: TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, INVALID_PARTITIONS, INVALID_CONFIG, INVALID_TOPIC_EXCEPTION.
 * The answer is built from what CreateTopics returned, which is right at once, while a describe may still see the
 * metadata from before the creation.
 */
@Component
class TopicCreation {

    /** Far above the number of topic configs Kafka knows; a longer list is not a topic's configuration. */
    static final int MAX_CONFIGS = 1_000;

    private final Admin admin;
    private final AdminCalls calls;
    private final TopicDescriber describer;
    private final AuditTrail audit;

    TopicCreation(Admin admin, AdminCalls calls, TopicDescriber describer, AuditTrail audit) {
        this.admin = admin;
        this.calls = calls;
        this.describer = describer;
        this.audit = audit;
    }

    TopicResource create(String clusterId, CreateTopicRequest request) {
        String topic = RequestChecks.required(request.topicName(), "topic_name");
        NewTopic newTopic = new NewTopic(topic, Optional.ofNullable(request.partitionsCount()),
                replicationFactor(request.replicationFactor())).configs(configs(request.configs()));
        CreateTopicsResult result = admin.createTopics(List.of(newTopic),
                new CreateTopicsOptions().validateOnly(request.onlyValidate()));
        calls.get(result.all());
        TopicResource created = describer.resource(clusterId, topic, false,
                calls.get(result.replicationFactor(topic)), calls.get(result.numPartitions(topic)));
        if (!request.onlyValidate()) {
            audit.record("topic.create", created.metadata().resourceName(), null, created);
        }
        return created;
    }

    private static Optional<Short> replicationFactor(Integer asked) {
        if (asked == null) {
            return Optional.empty();
        }
        // within the protocol's int16 the cluster judges the value (and -1 is its default), beyond it nothing can
        if (asked < Short.MIN_VALUE || asked > Short.MAX_VALUE) {
            throw new InvalidReplicationFactorException("Replication factor must be at most " + Short.MAX_VALUE
                    + ", not " + asked + ".");
        }
        return Optional.of(asked.shortValue());
    }

    private static Map<String, String> configs(List<ConfigValue> configs) {
        if (configs.size() > MAX_CONFIGS) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "too-many-configs",
                    "A topic is created with at most " + MAX_CONFIGS + " configs, not " + configs.size());
        }
        Map<String, String> byName = new LinkedHashMap<>();
        for (ConfigValue config : configs) {
            String name = RequestChecks.required(config.name(), "configs[].name");
            if (byName.containsKey(name)) {
                throw new ApiProblemException(HttpStatus.BAD_REQUEST, "duplicate-config",
                        "The config '" + name + "' is given more than once");
            }
            byName.put(name, config.value());
        }
        return byName;
    }
}

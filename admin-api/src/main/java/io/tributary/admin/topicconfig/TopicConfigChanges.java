package io.tributary.admin.topicconfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.tributary.admin.audit.AuditTrail;
import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.Links;

/**
 * Sets and resets a topic's configs through the Kafka protocol's IncrementalAlterConfigs: one request for all the
 * changes, so the cluster applies them all or none; each applied change is audited with the configs before and after.
 */
@Service
class TopicConfigChanges {

    /** More changes than a topic has configs can only be a mistake. */
    static final int MAX_CHANGES = 1000;

    private final Admin admin;
    private final AdminCalls calls;
    private final TopicConfigReader reader;
    private final AuditTrail audit;

    TopicConfigChanges(Admin admin, AdminCalls calls, TopicConfigReader reader, AuditTrail audit) {
        this.admin = admin;
        this.calls = calls;
        this.reader = reader;
        this.audit = audit;
    }

    void set(String clusterId, String topic, String name, ConfigValue value) {
        ConfigChange change = new ConfigChange(name, value == null ? null : value.value(), ConfigChange.Operation.SET);
        applyOne(clusterId, topic, change, "topic_config.update");
    }

    void reset(String clusterId, String topic, String name) {
        applyOne(clusterId, topic, new ConfigChange(name, null, ConfigChange.Operation.DELETE), "topic_config.reset");
    }

    void alter(String clusterId, String topic, ConfigBatch batch) {
        List<ConfigChange> changes = checked(batch.data());
        boolean validateOnly = Boolean.TRUE.equals(batch.validateOnly());
        if (validateOnly) {
            send(topic, changes, true);
            return;
        }
        List<TopicConfigResource> before = changed(reader.all(clusterId, topic), changes);
        send(topic, changes, false);
        List<TopicConfigResource> after = changed(reader.all(clusterId, topic), changes);
        audit.record("topic_configs.alter", Links.resourceName(clusterId, "topic", topic), before, after);
    }

    private void applyOne(String clusterId, String topic, ConfigChange change, String action) {
        List<ConfigChange> changes = checked(List.of(change));
        // a name the topic does not have goes to the cluster all the same: its refusal is the message users know
        List<TopicConfigResource> before = changed(reader.all(clusterId, topic), changes);
        send(topic, changes, false);
        TopicConfigResource after = reader.one(clusterId, topic, change.name());
        audit.record(action, after.metadata().resourceName(), before.isEmpty() ? null : before.get(0), after);
    }

    /** Refuses, before the cluster is asked, what no cluster could apply. */
    private static List<ConfigChange> checked(List<ConfigChange> changes) {
        if (changes == null || changes.isEmpty()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "no-config-changes",
                    "data must list at least one config change");
        }
        if (changes.size() > MAX_CHANGES) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "too-many-config-changes",
                    "data lists " + changes.size() + " config changes; at most " + MAX_CHANGES + " are accepted");
        }
        Set<String> names = new HashSet<>();
        for (ConfigChange change : changes) {
            if (change == null || change.name() == null || change.name().isBlank()) {
                throw new ApiProblemException(HttpStatus.BAD_REQUEST, "config-name-required",
                        "Every config change needs a name");
            }
            if (!names.add(change.name())) {
                throw new ApiProblemException(HttpStatus.BAD_REQUEST, "duplicate-config-change",
                        "Config " + change.name() + " is changed more than once");
            }
            if (change.effectiveOperation() == ConfigChange.Operation.SET && change.value() == null) {
                throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "config-value-required",
                        "Config " + change.name() + " needs a value to be set; DELETE it to reset it to its default");
            }
            if (change.effectiveOperation() == ConfigChange.Operation.DELETE && change.value() != null) {
                throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "config-value-not-allowed",
                        "Config " + change.name() + " is deleted, so it takes no value");
            }
        }
        return changes;
    }

    private void send(String topic, List<ConfigChange> changes, boolean validateOnly) {
        List<AlterConfigOp> ops = new ArrayList<>();
        for (ConfigChange change : changes) {
            ops.add(new AlterConfigOp(new ConfigEntry(change.name(), change.value()),
                    change.effectiveOperation() == ConfigChange.Operation.SET
                            ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE));
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        calls.get(admin.incrementalAlterConfigs(Map.of(resource, ops),
                new AlterConfigsOptions().validateOnly(validateOnly)).all());
    }

    private static List<TopicConfigResource> changed(List<TopicConfigResource> configs, List<ConfigChange> changes) {
        Set<String> names = new HashSet<>();
        changes.forEach(change -> names.add(change.name()));
        return configs.stream().filter(config -> names.contains(config.name())).toList();
    }
}

package io.tributary.admin.topicconfig;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceMetadata;

/** A topic's configs, from the Kafka protocol's DescribeConfigs with synonyms. */
@Service
class TopicConfigReader {

    private final Admin admin;
    private final AdminCalls calls;
    private final Links links;

    TopicConfigReader(Admin admin, AdminCalls calls, Links links) {
        this.admin = admin;
        this.calls = calls;
        this.links = links;
    }

    /** Every config of the topic, sorted by name; unknown topic: Kafka's UNKNOWN_TOPIC_OR_PARTITION. */
    List<TopicConfigResource> all(String clusterId, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = calls.get(admin.describeConfigs(Set.of(resource),
                new DescribeConfigsOptions().includeSynonyms(true)).values().get(resource));
        return config.entries().stream()
                .sorted(Comparator.comparing(ConfigEntry::name))
                .map(entry -> resource(clusterId, topic, entry))
                .toList();
    }

    TopicConfigResource one(String clusterId, String topic, String name) {
        return all(clusterId, topic).stream()
                .filter(config -> config.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "config-not-found",
                        "Config " + name + " cannot be found for topic " + topic));
    }

    private TopicConfigResource resource(String clusterId, String topic, ConfigEntry entry) {
        List<ConfigSynonym> synonyms = entry.synonyms().stream()
                .map(s -> new ConfigSynonym(s.name(), s.value(), s.source().name()))
                .toList();
        return new TopicConfigResource("KafkaTopicConfig",
                new ResourceMetadata(links.cluster(clusterId, "/topics/{topic}/configs/{name}", topic, entry.name()),
                        Links.resourceName(clusterId, "topic", topic, "config", entry.name())),
                clusterId, topic, entry.name(), entry.value(), entry.isDefault(), entry.isReadOnly(),
                entry.isSensitive(), entry.source().name(), synonyms,
                ResetValue.of(entry.value(), entry.source().name(), synonyms));
    }
}

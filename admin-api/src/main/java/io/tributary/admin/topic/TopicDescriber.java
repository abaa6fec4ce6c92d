package io.tributary.admin.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.stereotype.Component;

import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/** Topics as {@link TopicResource}s, from one DescribeTopics call for any number of them. */
@Component
class TopicDescriber {

    private final Admin admin;
    private final AdminCalls calls;
    private final Links links;

    TopicDescriber(Admin admin, AdminCalls calls, Links links) {
        this.admin = admin;
        this.calls = calls;
        this.links = links;
    }

    /** @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException for a topic that does not exist */
    TopicDescription description(String topic) {
        return calls.get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    }

    TopicResource describe(String clusterId, String topic) {
        return resource(clusterId, description(topic));
    }

    /**
     * In the order of {@code topics}, leaving out those deleted since they were listed: a list must not fail because
     * a topic went away between two calls.
     */
    List<TopicResource> describe(String clusterId, Collection<String> topics) {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(topics).topicNameValues();
        List<TopicResource> resources = new ArrayList<>(topics.size());
        for (String topic : topics) {
            try {
                resources.add(resource(clusterId, calls.get(descriptions.get(topic))));
            } catch (UnknownTopicOrPartitionException deletedSinceListed) {
                // not in the list any more
            }
        }
        return resources;
    }

    TopicResource resource(String clusterId, TopicDescription description) {
        int replicationFactor = description.partitions().isEmpty() ? 0
                : description.partitions().get(0).replicas().size();
        return resource(clusterId, description.name(), description.isInternal(), replicationFactor,
                description.partitions().size());
    }

    TopicResource resource(String clusterId, String topic, boolean internal, int replicationFactor, int partitions) {
        return new TopicResource(TopicResource.KIND,
                new ResourceMetadata(links.cluster(clusterId, "/topics/{topic}", topic),
                        Links.resourceName(clusterId, "topic", topic)),
                clusterId, topic, internal, replicationFactor, partitions,
                new Related(links.cluster(clusterId, "/topics/{topic}/partitions", topic)),
                new Related(links.cluster(clusterId, "/topics/{topic}/configs", topic)));
    }
}

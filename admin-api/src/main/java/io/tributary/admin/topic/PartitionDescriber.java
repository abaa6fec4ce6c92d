package io.tributary.admin.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.stereotype.Component;

import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A topic's partitions with what an operator asks of them: leader, replicas and ISR (DescribeTopics), and their
 * logs' offsets and size ({@link PartitionLogs}).
 */
@Component
class PartitionDescriber {

    private final PartitionLogs logs;
    private final TopicDescriber topics;
    private final Links links;

    PartitionDescriber(PartitionLogs logs, TopicDescriber topics, Links links) {
        this.logs = logs;
        this.topics = topics;
        this.links = links;
    }

    /** @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException for a topic that does not exist */
    List<PartitionResource> describe(String clusterId, String topic) {
        TopicDescription description = topics.description(topic);
        return describe(clusterId, topic, description.partitions());
    }

    /** @throws UnknownTopicOrPartitionException for a topic or partition that does not exist */
    PartitionResource describe(String clusterId, String topic, int partition) {
        List<TopicPartitionInfo> one = topics.description(topic).partitions().stream()
                .filter(p -> p.partition() == partition)
                .toList();
        if (one.isEmpty()) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic + "' has no partition " + partition + ".");
        }
        return describe(clusterId, topic, one).get(0);
    }

    private List<PartitionResource> describe(String clusterId, String topic, List<TopicPartitionInfo> partitions) {
        Map<TopicPartition, PartitionLogs.Log> logs = this.logs.of(topic, partitions);
        List<PartitionResource> resources = new ArrayList<>(partitions.size());
        for (TopicPartitionInfo partition : partitions) {
            PartitionLogs.Log log = logs.get(new TopicPartition(topic, partition.partition()));
            Node leader = partition.leader();
            boolean led = leader != null && !leader.isEmpty();
            resources.add(new PartitionResource(PartitionResource.KIND,
                    new ResourceMetadata(links.cluster(clusterId, "/topics/{topic}/partitions/{partition}", topic,
                            partition.partition()),
                            Links.resourceName(clusterId, "topic", topic, "partition",
                                    Integer.toString(partition.partition()))),
                    clusterId, topic, partition.partition(),
                    led ? new Related(links.cluster(clusterId, "/brokers/{id}", leader.id())) : null,
                    led ? leader.id() : null,
                    partition.replicas().stream().map(Node::id).toList(),
                    partition.isr().stream().map(Node::id).toList(),
                    log.start(),
                    log.end(),
                    log.sizeBytes()));
        }
        return resources;
    }
}

package io.tributary.admin.topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A topic's partitions with what an operator asks of them: leader, replicas and ISR (DescribeTopics), log start and
 * end offsets (ListOffsets EARLIEST and LATEST) and the leader's size on disk (DescribeLogDirs of the leaders). A
 * partition whose offsets or size cannot be had now (no leader, a broker down, a cluster that does not allow
 * DescribeLogDirs) shows {@code null} there, and the other partitions still answer.
 */
@Component
class PartitionDescriber {

    private static final Logger log = LoggerFactory.getLogger(PartitionDescriber.class);

    private final Admin admin;
    private final AdminCalls calls;
    private final TopicDescriber topics;
    private final Links links;

    PartitionDescriber(Admin admin, AdminCalls calls, TopicDescriber topics, Links links) {
        this.admin = admin;
        this.calls = calls;
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
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo partition : partitions) {
            earliest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
        }
        ListOffsetsResult starts = admin.listOffsets(earliest);
        ListOffsetsResult ends = admin.listOffsets(latest);
        Map<TopicPartition, Long> sizes = leaderSizes(topic, partitions);
        List<PartitionResource> resources = new ArrayList<>(partitions.size());
        for (TopicPartitionInfo partition : partitions) {
            TopicPartition id = new TopicPartition(topic, partition.partition());
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
                    offset(starts, id),
                    offset(ends, id),
                    sizes.get(id)));
        }
        return resources;
    }

    private Long offset(ListOffsetsResult result, TopicPartition partition) {
        try {
            return calls.get(result.partitionResult(partition)).offset();
        } catch (ApiException e) {
            log.debug("No offsets of {}: {}", partition, e.toString());
            return null;
        }
    }

    /** The size of each partition's copy on its leader, from one DescribeLogDirs per leader. */
    private Map<TopicPartition, Long> leaderSizes(String topic, List<TopicPartitionInfo> partitions) {
        Set<Integer> leaders = new TreeSet<>();
        partitions.stream().map(TopicPartitionInfo::leader).filter(leader -> leader != null && !leader.isEmpty())
                .forEach(leader -> leaders.add(leader.id()));
        Map<TopicPartition, Long> sizes = new HashMap<>();
        if (leaders.isEmpty()) {
            return sizes;
        }
        Map<Integer, KafkaFuture<Map<String, LogDirDescription>>> byBroker =
                admin.describeLogDirs(leaders).descriptions();
        for (TopicPartitionInfo partition : partitions) {
            Node leader = partition.leader();
            if (leader == null || leader.isEmpty()) {
                continue;
            }
            TopicPartition id = new TopicPartition(topic, partition.partition());
            Map<String, LogDirDescription> dirs = logDirs(byBroker.get(leader.id()), leader.id());
            for (LogDirDescription dir : dirs.values()) {
                ReplicaInfo replica = dir.replicaInfos().get(id);
                if (replica != null && !replica.isFuture()) {
                    sizes.put(id, replica.size());
                }
            }
        }
        return sizes;
    }

    private Map<String, LogDirDescription> logDirs(KafkaFuture<Map<String, LogDirDescription>> future, int broker) {
        try {
            return calls.get(future);
        } catch (ApiException e) {
            log.debug("No log dirs of broker {}: {}", broker, e.toString());
            return Map.of();
        }
    }
}

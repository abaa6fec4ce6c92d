package io.tributary.admin.group;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/** Turns the Admin client's group descriptions into the API's resources, with their links. */
@Component
public class ConsumerGroupViews {

    /** Partitions are listed by topic name, then partition id. */
    public static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Links links;

    ConsumerGroupViews(Links links) {
        this.links = links;
    }

    public ConsumerGroupResource group(String clusterId, ConsumerGroupDescription group) {
        String id = group.groupId();
        Node coordinator = group.coordinator();
        return new ConsumerGroupResource("KafkaConsumerGroup",
                new ResourceMetadata(links.cluster(clusterId, "/consumer-groups/{group}", id),
                        Links.resourceName(clusterId, "consumer-group", id)),
                clusterId, id, group.isSimpleConsumerGroup(), group.partitionAssignor(),
                group.groupState().name(),
                group.type() == null ? GroupType.CLASSIC.name() : group.type().name().toUpperCase(Locale.ROOT),
                coordinator == null || coordinator.isEmpty() ? null
                        : new Related(links.cluster(clusterId, "/brokers/{id}", coordinator.id())),
                new Related(links.cluster(clusterId, "/consumer-groups/{group}/consumers", id)),
                new Related(links.cluster(clusterId, "/consumer-groups/{group}/lag-summary", id)),
                group.members().stream().sorted(Comparator.comparing(MemberDescription::consumerId))
                        .map(member -> consumer(clusterId, id, member)).toList());
    }

    public ConsumerResource consumer(String clusterId, String groupId, MemberDescription member) {
        String path = "/consumer-groups/{group}/consumers/{consumer}";
        return new ConsumerResource("KafkaConsumer",
                new ResourceMetadata(links.cluster(clusterId, path, groupId, member.consumerId()),
                        Links.resourceName(clusterId, "consumer-group", groupId, "consumer", member.consumerId())),
                clusterId, groupId, member.consumerId(), member.groupInstanceId().orElse(null), member.clientId(),
                member.host(),
                new Related(links.cluster(clusterId, path + "/assignments", groupId, member.consumerId())),
                assigned(member).stream()
                        .map(tp -> new AssignedPartition(tp.topic(), tp.partition())).toList());
    }

    public ConsumerAssignmentResource assignment(String clusterId, String groupId, String consumerId,
            TopicPartition partition) {
        return new ConsumerAssignmentResource("KafkaConsumerAssignment",
                new ResourceMetadata(
                        links.cluster(clusterId, "/consumer-groups/{group}/consumers/{consumer}/assignments/{topic}"
                                + "/partitions/{partition}", groupId, consumerId, partition.topic(),
                                partition.partition()),
                        Links.resourceName(clusterId, "consumer-group", groupId, "consumer", consumerId,
                                "assignment", partition.topic(), "partition", Integer.toString(partition.partition()))),
                clusterId, groupId, consumerId, partition.topic(), partition.partition(),
                new Related(links.cluster(clusterId, "/topics/{topic}/partitions/{partition}", partition.topic(),
                        partition.partition())),
                new Related(links.cluster(clusterId, "/consumer-groups/{group}/lags/{topic}/partitions/{partition}",
                        groupId, partition.topic(), partition.partition())));
    }

    /** The partitions a member owns now, in topic and partition order. */
    public static List<TopicPartition> assigned(MemberDescription member) {
        return member.assignment().topicPartitions().stream().sorted(PARTITION_ORDER).toList();
    }
}

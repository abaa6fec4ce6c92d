package io.tributary.admin.group;

import java.util.List;

import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

/** Consumer groups and their members, as Confluent v3 has them, plus deleting a group or a topic's offsets. */
@RestController
@RequestMapping("/v3/clusters/{cluster_id}/consumer-groups")
class ConsumerGroupController {

    private final ConsumerGroups groups;
    private final ConsumerGroupViews views;
    private final GroupDeletions deletions;
    private final Links links;

    ConsumerGroupController(ConsumerGroups groups, ConsumerGroupViews views, GroupDeletions deletions, Links links) {
        this.groups = groups;
        this.views = views;
        this.deletions = deletions;
        this.links = links;
    }

    @GetMapping
    ResourceCollection<ConsumerGroupResource> list(@PathVariable("cluster_id") String clusterId,
            @RequestParam(name = "state", required = false) List<String> states) {
        return new ResourceCollection<>("KafkaConsumerGroupList", new CollectionMetadata(links.current(), null),
                groups.list(GroupStateFilter.parse(states)).stream().map(group -> views.group(clusterId, group))
                        .toList());
    }

    @GetMapping("/{consumer_group_id}")
    ConsumerGroupResource get(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId) {
        return views.group(clusterId, groups.describe(groupId));
    }

    @DeleteMapping("/{consumer_group_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId) {
        deletions.deleteGroup(clusterId, groupId);
    }

    @GetMapping("/{consumer_group_id}/consumers")
    ResourceCollection<ConsumerResource> consumers(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId) {
        return new ResourceCollection<>("KafkaConsumerList", new CollectionMetadata(links.current(), null),
                views.group(clusterId, groups.describe(groupId)).members());
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}")
    ConsumerResource consumer(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId, @PathVariable("consumer_id") String consumerId) {
        return views.consumer(clusterId, groupId, groups.member(groupId, consumerId));
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}/assignments")
    ResourceCollection<ConsumerAssignmentResource> assignments(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId, @PathVariable("consumer_id") String consumerId) {
        MemberDescription member = groups.member(groupId, consumerId);
        return new ResourceCollection<>("KafkaConsumerAssignmentList", new CollectionMetadata(links.current(), null),
                ConsumerGroupViews.assigned(member).stream()
                        .map(tp -> views.assignment(clusterId, groupId, consumerId, tp)).toList());
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}/assignments/{topic_name}/partitions/{partition_id}")
    ConsumerAssignmentResource assignment(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId, @PathVariable("consumer_id") String consumerId,
            @PathVariable("topic_name") String topic, @PathVariable("partition_id") int partition) {
        TopicPartition wanted = new TopicPartition(topic, partition);
        if (!groups.member(groupId, consumerId).assignment().topicPartitions().contains(wanted)) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "assignment-not-found",
                    "Consumer '" + consumerId + "' of group '" + groupId + "' is not assigned " + wanted);
        }
        return views.assignment(clusterId, groupId, consumerId, wanted);
    }

    @DeleteMapping("/{consumer_group_id}/topics/{topic_name}/offsets")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteTopicOffsets(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId, @PathVariable("topic_name") String topic) {
        deletions.deleteTopicOffsets(clusterId, groupId, topic);
    }
}

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

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

/** Consumer groups and their members, as Confluent v3 has them, plus deleting a group or a topic's offsets. */
@RestController
@RequestMapping("/v3/clusters/{cluster_id}/consumer-groups")
@Tag(name = "Consumer groups",
        description = "Consumer groups with their members and assignments; delete a group or one topic's offsets")
class ConsumerGroupController {

    private static final String CLUSTER = "cluster_id";
    private static final String GROUP = "consumer_group_id";
    private static final String CONSUMER = "consumer_id";

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
    @Operation(operationId = "listConsumerGroups", summary = "List the consumer groups",
            description = "Every consumer group with its state and members; `state` (repeated or comma-separated: "
                    + "STABLE, EMPTY, PREPARING_REBALANCE, ...) keeps those in one of the states.")
    ResourceCollection<ConsumerGroupResource> list(
            @PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @RequestParam(name = "state", required = false) @Parameter(description = "group states to keep")
            List<String> states) {
        return new ResourceCollection<>("KafkaConsumerGroupList", new CollectionMetadata(links.current(), null),
                groups.list(GroupStateFilter.parse(states)).stream().map(group -> views.group(clusterId, group))
                        .toList());
    }

    @GetMapping("/{consumer_group_id}")
    @Operation(operationId = "getConsumerGroup", summary = "Describe a consumer group",
            description = "State, assignor, coordinator, type and every member with its client id, host and "
                    + "assigned partitions.")
    ConsumerGroupResource get(@PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId) {
        return views.group(clusterId, groups.describe(groupId));
    }

    @DeleteMapping("/{consumer_group_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteConsumerGroup", summary = "Delete a consumer group and its committed offsets",
            description = "Refused with 409 `non-empty-group`, naming the members, while the group has any.")
    void delete(@PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId) {
        deletions.deleteGroup(clusterId, groupId);
    }

    @GetMapping("/{consumer_group_id}/consumers")
    @Operation(operationId = "listConsumers", summary = "List a group's members")
    ResourceCollection<ConsumerResource> consumers(
            @PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId) {
        return new ResourceCollection<>("KafkaConsumerList", new CollectionMetadata(links.current(), null),
                views.group(clusterId, groups.describe(groupId)).members());
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}")
    @Operation(operationId = "getConsumer", summary = "Describe one member of a group")
    ConsumerResource consumer(@PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId,
            @PathVariable(CONSUMER) @Parameter(description = "the member id") String consumerId) {
        return views.consumer(clusterId, groupId, groups.member(groupId, consumerId));
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}/assignments")
    @Operation(operationId = "listConsumerAssignments", summary = "List the partitions assigned to a member")
    ResourceCollection<ConsumerAssignmentResource> assignments(
            @PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId,
            @PathVariable(CONSUMER) @Parameter(description = "the member id") String consumerId) {
        MemberDescription member = groups.member(groupId, consumerId);
        return new ResourceCollection<>("KafkaConsumerAssignmentList", new CollectionMetadata(links.current(), null),
                ConsumerGroupViews.assigned(member).stream()
                        .map(tp -> views.assignment(clusterId, groupId, consumerId, tp)).toList());
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}/assignments/{topic_name}/partitions/{partition_id}")
    @Operation(operationId = "getConsumerAssignment", summary = "One partition assigned to a member")
    ConsumerAssignmentResource assignment(
            @PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId,
            @PathVariable(CONSUMER) @Parameter(description = "the member id") String consumerId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic,
            @PathVariable("partition_id") @Parameter(description = "the partition") int partition) {
        TopicPartition wanted = new TopicPartition(topic, partition);
        if (!groups.member(groupId, consumerId).assignment().topicPartitions().contains(wanted)) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "assignment-not-found",
                    "Consumer '" + consumerId + "' of group '" + groupId + "' is not assigned " + wanted);
        }
        return views.assignment(clusterId, groupId, consumerId, wanted);
    }

    @DeleteMapping("/{consumer_group_id}/topics/{topic_name}/offsets")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteConsumerGroupTopicOffsets",
            summary = "Delete a group's committed offsets of one topic",
            description = "Every partition of the topic the group has committed; Kafka refuses it with 409 "
                    + "`group-subscribed-to-topic` while the group's members are subscribed to the topic.")
    void deleteTopicOffsets(@PathVariable(CLUSTER) @Parameter(description = "the cluster id") String clusterId,
            @PathVariable(GROUP) @Parameter(description = "the group id") String groupId,
            @PathVariable("topic_name") @Parameter(description = "the topic") String topic) {
        deletions.deleteTopicOffsets(clusterId, groupId, topic);
    }
}

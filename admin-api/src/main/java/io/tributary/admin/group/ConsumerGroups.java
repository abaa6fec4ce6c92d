package io.tributary.admin.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.springframework.stereotype.Component;

import io.tributary.admin.kafka.AdminCalls;

/**
 * Reads consumer groups through the Kafka protocol (ListGroups, then ConsumerGroupDescribe or DescribeGroups).
 * A group the coordinator reports as {@code Dead} does not exist, so describing it fails with Kafka's
 * {@code GROUP_ID_NOT_FOUND} (404) whichever describe API the cluster answered.
 */
@Component
public class ConsumerGroups {

    private final Admin admin;
    private final AdminCalls calls;

    ConsumerGroups(Admin admin, AdminCalls calls) {
        this.admin = admin;
        this.calls = calls;
    }

    /**
     * The consumer groups in any of {@code states} (all of them when empty), sorted by id. A group whose state
     * changed between the listing and its description is shown as described, if still in one of the states.
     */
    public List<ConsumerGroupDescription> list(Set<GroupState> states) {
        ListGroupsOptions options = ListGroupsOptions.forConsumerGroups();
        if (!states.isEmpty()) {
            options.inGroupStates(states);
        }
        Collection<GroupListing> listings = calls.get(admin.listGroups(options).all());
        List<String> ids = listings.stream().map(GroupListing::groupId).sorted().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> described =
                admin.describeConsumerGroups(ids).describedGroups();
        List<ConsumerGroupDescription> groups = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                ConsumerGroupDescription group = calls.get(described.get(id));
                boolean stillWanted = states.isEmpty() || states.contains(group.groupState());
                if (group.groupState() != GroupState.DEAD && stillWanted) {
                    groups.add(group);
                }
            } catch (GroupIdNotFoundException diedSinceListed) {
                // left out, as ListGroups would have left it out a moment later
            }
        }
        return groups;
    }

    public ConsumerGroupDescription describe(String groupId) {
        ConsumerGroupDescription group;
        try {
            group = calls.get(admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId));
        } catch (GroupIdNotFoundException e) {
            throw notFound(groupId);
        }
        if (group.groupState() == GroupState.DEAD) {
            throw notFound(groupId);
        }
        return group;
    }

    public MemberDescription member(String groupId, String consumerId) {
        return describe(groupId).members().stream()
                .filter(member -> member.consumerId().equals(consumerId))
                .findFirst()
                .orElseThrow(() -> new UnknownConsumerException(groupId, consumerId));
    }

    private static GroupIdNotFoundException notFound(String groupId) {
        return new GroupIdNotFoundException("Consumer group '" + groupId + "' does not exist");
    }
}

package io.tributary.coordinator.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kafka's rules for the protocol a classic group runs: who may join with which protocols, and which one is chosen. */
final class GroupProtocols {

    private GroupProtocols() {
    }

    /** The protocols every member supports, in the order of the first member's preference. */
    static Set<String> candidates(Collection<GroupMember> members) {
        Set<String> candidates = null;
        for (GroupMember member : members) {
            if (candidates == null) {
                candidates = new LinkedHashSet<>(member.protocols().keySet());
            } else {
                candidates.retainAll(member.protocols().keySet());
            }
        }
        return candidates == null ? Set.of() : candidates;
    }

    /**
     * Kafka's rule for a joining member: an Empty group accepts any non-empty protocol type and list; otherwise the
     * type must match and the member must support one of the protocols that all current members support.
     */
    static boolean supports(Collection<GroupMember> members, String protocolType, String memberProtocolType,
                            Set<String> memberProtocols) {
        if (members.isEmpty()) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        if (!memberProtocolType.equals(protocolType)) {
            return false;
        }
        for (String protocol : candidates(members)) {
            if (memberProtocols.contains(protocol)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each member votes for its most preferred protocol among those all members support; the most votes win, ties
     * going to the leader's preference order.
     */
    static String select(String groupId, Collection<GroupMember> members, GroupMember leader) {
        Set<String> candidates = candidates(members);
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No protocol is supported by every member of group " + groupId);
        }
        Map<String, Integer> votes = new HashMap<>();
        for (GroupMember member : members) {
            for (String preferred : member.protocols().keySet()) {
                if (candidates.contains(preferred)) {
                    votes.merge(preferred, 1, Integer::sum);
                    break;
                }
            }
        }
        List<String> order = new ArrayList<>();
        if (leader != null) {
            leader.protocols().keySet().stream().filter(candidates::contains).forEach(order::add);
        }
        candidates.stream().filter(p -> !order.contains(p)).forEach(order::add);
        String best = order.get(0);
        for (String protocol : order) {
            if (votes.getOrDefault(protocol, 0) > votes.getOrDefault(best, 0)) {
                best = protocol;
            }
        }
        return best;
    }
}

package io.tributary.admin.reset;

import org.apache.kafka.clients.admin.MemberDescription;

/**
 * A live member of a group as a plan and a refusal show it (Confluent's consumer field names, plus its host).
 */
public record GroupMemberView(String consumerId, String instanceId, String clientId, String host) {

    static GroupMemberView of(MemberDescription member) {
        return new GroupMemberView(member.consumerId(), member.groupInstanceId().orElse(null), member.clientId(),
                member.host());
    }
}

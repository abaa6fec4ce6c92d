package io.tributary.admin.reset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The ETag of a plan: an HMAC of the group's id, its live members and the planned partitions (each with the
 * committed offset it replaces). An apply sends the plan back with this ETag, so the ETag proves the plan is one
 * this service made, unaltered, and the plan carries the group's state to compare with the group's state now. Log
 * starts and ends are part of what is signed as the plan showed them, never compared with the log now: a log end
 * that moves on does not make an apply fail. The key is shared through the database ({@link PlanSigningKey}): a
 * plan made before a restart, or by another instance over the same database, can be applied.
 */
@Component
class PlanSignature {

    private static final Comparator<GroupMemberView> MEMBER_ORDER = Comparator.comparing(GroupMemberView::consumerId,
            Comparator.nullsFirst(Comparator.naturalOrder()));
    private static final Comparator<PlannedPartition> PARTITION_ORDER = Comparator
            .comparing(PlannedPartition::topicName, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(PlannedPartition::partitionId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final SecretKeySpec key;
    private final JsonMapper json;

    PlanSignature(PlanSigningKey key, JsonMapper json) {
        this.key = key.key();
        this.json = json;
    }

    record Signed(String groupId, List<GroupMemberView> members, List<PlannedPartition> partitions) {
    }

    /** The strong, quoted ETag of this plan. */
    String etag(String groupId, List<GroupMemberView> members, List<PlannedPartition> partitions) {
        Signed signed = new Signed(groupId, members.stream().sorted(MEMBER_ORDER).toList(),
                partitions.stream().sorted(PARTITION_ORDER).toList());
        try {
            Mac mac = Mac.getInstance(PlanSigningKey.ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(json.writeValueAsBytes(signed));
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"';
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * Whether {@code ifMatch} (one or more entity tags, comma-separated) names this ETag, compared strongly: a weak
     * tag or {@code *} never matches, since only this exact plan may be applied.
     */
    static boolean matches(String ifMatch, String etag) {
        for (String candidate : ifMatch.split(",")) {
            if (MessageDigest.isEqual(candidate.trim().getBytes(StandardCharsets.US_ASCII),
                    etag.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}

package io.tributary.admin.reset;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.audit.AuditTrail;
import io.tributary.admin.error.ApiProblemException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a plan: checks it is the plan its ETag was given for and that the group has not changed since, saves the
 * offsets it replaces (for undo), writes exactly the planned offsets, and records the change in the audit trail.
 */
@Component
class ResetApplier {

    private static final Logger log = LoggerFactory.getLogger(ResetApplier.class);

    /** Bounds the members a plan may carry back: a coordinator never holds more in one classic group. */
    private static final int MAX_MEMBERS = 10_000;

    private final GroupReader groups;
    private final PlanSignature signature;
    private final OffsetWriter writer;
    private final SavedResets saved;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final ResetProperties properties;
    private final Clock clock = Clock.systemUTC();

    ResetApplier(GroupReader groups, PlanSignature signature, OffsetWriter writer, SavedResets saved,
            AuditTrail audit, JsonMapper json, ResetProperties properties) {
        this.groups = groups;
        this.signature = signature;
        this.writer = writer;
        this.saved = saved;
        this.audit = audit;
        this.json = json;
        this.properties = properties;
    }

    record Applied(OffsetReset reset, List<GroupMemberView> removedMembers, List<OffsetChange> changes) {
    }

    Applied apply(String resource, String groupId, String ifMatch, ApplyRequest plan) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiProblemException(HttpStatus.PRECONDITION_REQUIRED, "if-match-required",
                    "An offset reset needs If-Match with the ETag of its plan (POST .../offsets:plan-reset)");
        }
        check(plan);
        if (!PlanSignature.matches(ifMatch, signature.etag(groupId, plan.members(), plan.partitions()))) {
            throw new ApiProblemException(HttpStatus.PRECONDITION_FAILED, "plan-not-signed",
                    "If-Match is not the ETag of this plan for group '" + groupId + "': send the members and "
                            + "partitions of a plan as it answered them, with its ETag");
        }
        GroupSnapshot now = groups.read(groupId);
        PlanChanges.requireUnchanged(groupId, plan, now);
        if (!now.members().isEmpty() && !plan.forced()) {
            throw LiveGroupRefusal.of(groupId, now.members());
        }
        List<OffsetChange> changes = plan.partitions().stream()
                .map(p -> new OffsetChange(p.topicName(), p.partitionId(), p.currentOffset(), p.newOffset()))
                .toList();
        OffsetReset reset = saved.save(new OffsetReset(null, groupId, clock.instant(),
                json.writeValueAsString(changes), null));
        List<GroupMemberView> removed;
        try {
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            plan.partitions().forEach(p -> offsets.put(p.topicPartition(), p.newOffset()));
            removed = writer.write(groupId, offsets, plan.forced());
        } catch (RuntimeException notWritten) {
            saved.delete(reset);
            throw notWritten;
        }
        audit.record("offsets.reset", resource, OffsetsAudit.before(changes), OffsetsAudit.after(changes, removed));
        log.info("Reset the offsets of group {} on {} partition(s), removing {} member(s) (reset {})", groupId,
                changes.size(), removed.size(), reset.id());
        return new Applied(reset, removed, changes);
    }

    private void check(ApplyRequest plan) {
        if (plan.partitions() == null || plan.partitions().isEmpty()) {
            throw ResetRequestCheck.invalid("partitions is required: the partitions of the plan, as it answered them");
        }
        if (plan.partitions().size() > properties.maxPartitions()) {
            throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-partitions",
                    "The reset covers " + plan.partitions().size() + " partitions, more than the "
                            + properties.maxPartitions() + " one reset may");
        }
        if (plan.members() == null) {
            throw ResetRequestCheck.invalid("members is required: the members of the plan, as it answered them "
                    + "([] when it had none)");
        }
        if (plan.members().size() > MAX_MEMBERS) {
            throw ResetRequestCheck.invalid("members lists " + plan.members().size() + " members, more than "
                    + MAX_MEMBERS);
        }
        for (PlannedPartition partition : plan.partitions()) {
            if (partition.topicName() == null || partition.partitionId() == null || partition.newOffset() == null) {
                throw ResetRequestCheck.invalid("every partition needs topic_name, partition_id and new_offset");
            }
        }
    }
}

package io.tributary.admin.reset;

import java.time.Clock;
import java.time.Instant;
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

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Undoes a group's last applied reset: writes back the offsets it replaced (deleting the commits of partitions that
 * had none), marks it undone and records the undo in the audit trail. Only the last reset can be undone, once: an
 * undo is not itself undone, and the reset before the last stays as it is (plan a new reset to move again). It is
 * marked undone before the offsets are written, conditionally, so that of two undos at the same moment (on one
 * instance or two over the same database) only one restores.
 */
@Component
class ResetUndoer {

    private static final Logger log = LoggerFactory.getLogger(ResetUndoer.class);
    private static final TypeReference<List<OffsetChange>> CHANGES = new TypeReference<>() {
    };

    private final GroupReader groups;
    private final OffsetWriter writer;
    private final SavedResets saved;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    ResetUndoer(GroupReader groups, OffsetWriter writer, SavedResets saved, AuditTrail audit, JsonMapper json) {
        this.groups = groups;
        this.writer = writer;
        this.saved = saved;
        this.audit = audit;
        this.json = json;
    }

    record Undone(OffsetReset reset, List<GroupMemberView> removedMembers, List<OffsetChange> changes) {
    }

    Undone undo(String resource, String groupId, boolean force) {
        OffsetReset last = saved.findFirstByGroupIdOrderByIdDesc(groupId)
                .orElseThrow(() -> new ApiProblemException(HttpStatus.CONFLICT, "nothing-to-undo",
                        "Group '" + groupId + "' has no applied offset reset to undo"));
        if (last.undoneAt() != null) {
            throw alreadyUndone(groupId, last);
        }
        List<OffsetChange> reset = json.readValue(last.offsets(), CHANGES);
        Map<TopicPartition, Long> committed = groups.committed(groupId);
        Map<TopicPartition, Long> restore = new LinkedHashMap<>();
        reset.forEach(c -> restore.put(new TopicPartition(c.topicName(), c.partitionId()), c.offsetBefore()));
        Instant now = clock.instant();
        if (!saved.markUndone(last.id(), now)) {
            throw alreadyUndone(groupId, saved.findById(last.id()).orElse(last));
        }
        List<GroupMemberView> removed;
        try {
            removed = writer.write(groupId, restore, force);
        } catch (RuntimeException notRestored) {
            saved.clearUndone(last.id());
            throw notRestored;
        }
        List<OffsetChange> changes = reset.stream()
                .map(c -> new OffsetChange(c.topicName(), c.partitionId(),
                        committed.get(new TopicPartition(c.topicName(), c.partitionId())), c.offsetBefore()))
                .toList();
        audit.record("offsets.undo", resource, OffsetsAudit.before(changes), OffsetsAudit.after(changes, removed));
        log.info("Undid offset reset {} of group {} on {} partition(s)", last.id(), groupId, changes.size());
        return new Undone(last.undone(now), removed, changes);
    }

    private static ApiProblemException alreadyUndone(String groupId, OffsetReset last) {
        return new ApiProblemException(HttpStatus.CONFLICT, "nothing-to-undo",
                "The last offset reset of group '" + groupId + "' (applied at " + last.appliedAt()
                        + ") was already undone" + (last.undoneAt() == null ? "" : " at " + last.undoneAt())
                        + "; an undo cannot be undone: plan a new reset to move the offsets again",
                Map.of("reset_id", last.id()));
    }
}

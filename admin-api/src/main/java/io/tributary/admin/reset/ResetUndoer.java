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
 * undo is not itself undone, and the reset before the last stays as it is (plan a new reset to move again).
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
            throw new ApiProblemException(HttpStatus.CONFLICT, "nothing-to-undo",
                    "The last offset reset of group '" + groupId + "' (applied at " + last.appliedAt()
                            + ") was already undone at " + last.undoneAt()
                            + "; an undo cannot be undone: plan a new reset to move the offsets again",
                    Map.of("reset_id", last.id()));
        }
        List<OffsetChange> reset = json.readValue(last.offsets(), CHANGES);
        Map<TopicPartition, Long> committed = groups.committed(groupId);
        Map<TopicPartition, Long> restore = new LinkedHashMap<>();
        reset.forEach(c -> restore.put(new TopicPartition(c.topicName(), c.partitionId()), c.offsetBefore()));
        List<GroupMemberView> removed = writer.write(groupId, restore, force);
        Instant now = clock.instant();
        OffsetReset undone = saved.save(last.undone(now));
        List<OffsetChange> changes = reset.stream()
                .map(c -> new OffsetChange(c.topicName(), c.partitionId(),
                        committed.get(new TopicPartition(c.topicName(), c.partitionId())), c.offsetBefore()))
                .toList();
        audit.record("offsets.undo", resource, ResetApplier.before(changes), ResetApplier.after(changes));
        log.info("Undid offset reset {} of group {} on {} partition(s)", last.id(), groupId, changes.size());
        return new Undone(undone, removed, changes);
    }
}

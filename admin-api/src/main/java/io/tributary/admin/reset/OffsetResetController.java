package io.tributary.admin.reset;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * Offset resets of a consumer group, in two steps and with an undo: {@code offsets:plan-reset} answers what would
 * change and an ETag; {@code offsets:reset} applies that plan under {@code If-Match}; {@code offsets:undo} restores
 * the offsets the last reset replaced.
 */
@RestController
@RequestMapping("/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}")
class OffsetResetController {

    /** Longer ids are refused before they reach the cluster or the saved resets. */
    private static final int MAX_GROUP_ID_LENGTH = 1000;

    private final GroupReader groups;
    private final ResetPlanner planner;
    private final PlanSignature signature;
    private final ResetApplier applier;
    private final ResetUndoer undoer;
    private final Links links;

    OffsetResetController(GroupReader groups, ResetPlanner planner, PlanSignature signature, ResetApplier applier,
            ResetUndoer undoer, Links links) {
        this.groups = groups;
        this.planner = planner;
        this.signature = signature;
        this.applier = applier;
        this.undoer = undoer;
        this.links = links;
    }

    @Operation(summary = "Plan an offset reset",
            description = "What the reset would write per partition, and the live members it would remove; changes "
                    + "nothing. The ETag header signs the plan: send its members and partitions to offsets:reset "
                    + "with If-Match.")
    @PostMapping("/offsets:plan-reset")
    ResponseEntity<OffsetResetPlan> plan(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId, @RequestBody ResetRequest request) {
        checkGroupId(groupId);
        GroupSnapshot group = groups.read(groupId);
        List<PlannedPartition> partitions = planner.plan(groupId, request, group);
        OffsetResetPlan plan = new OffsetResetPlan("KafkaConsumerGroupOffsetResetPlan",
                metadata(clusterId, groupId, "/offsets:plan-reset"), clusterId, groupId, request.mode(),
                group.members(), partitions);
        return ResponseEntity.ok().eTag(signature.etag(groupId, group.members(), partitions)).body(plan);
    }

    @Operation(summary = "Apply an offset reset plan",
            description = "Writes exactly the planned offsets. 428 without If-Match; 412 when the plan is not the "
                    + "ETag's or the group's committed offsets or members changed since; 409 when the group has "
                    + "members, unless force removes them first.")
    @PostMapping("/offsets:reset")
    OffsetResetResource reset(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, @RequestBody ApplyRequest plan) {
        checkGroupId(groupId);
        ResetApplier.Applied applied = applier.apply(resourceName(clusterId, groupId), groupId, ifMatch, plan);
        return new OffsetResetResource("KafkaConsumerGroupOffsetReset",
                metadata(clusterId, groupId, "/offsets:reset"), clusterId, groupId, applied.reset().id(),
                applied.reset().appliedAt(), null, applied.removedMembers(), applied.changes());
    }

    @Operation(summary = "Undo the last offset reset",
            description = "Writes back the offsets the group's last reset replaced; 409 when there is none or it was "
                    + "already undone, or when the group has members and force is not set.")
    @PostMapping("/offsets:undo")
    OffsetResetResource undo(@PathVariable("cluster_id") String clusterId,
            @PathVariable("consumer_group_id") String groupId,
            @RequestBody(required = false) UndoRequest request) {
        checkGroupId(groupId);
        boolean force = request != null && request.forced();
        ResetUndoer.Undone undone = undoer.undo(resourceName(clusterId, groupId), groupId, force);
        return new OffsetResetResource("KafkaConsumerGroupOffsetReset",
                metadata(clusterId, groupId, "/offsets:undo"), clusterId, groupId, undone.reset().id(),
                undone.reset().appliedAt(), undone.reset().undoneAt(), undone.removedMembers(), undone.changes());
    }

    private ResourceMetadata metadata(String clusterId, String groupId, String verb) {
        return new ResourceMetadata(links.cluster(clusterId, "/consumer-groups/{group}" + verb, groupId),
                resourceName(clusterId, groupId));
    }

    private static String resourceName(String clusterId, String groupId) {
        return Links.resourceName(clusterId, "consumer-group", groupId);
    }

    private static void checkGroupId(String groupId) {
        if (groupId.length() > MAX_GROUP_ID_LENGTH) {
            throw new InvalidGroupIdException("A group id is at most " + MAX_GROUP_ID_LENGTH + " characters, not "
                    + groupId.length());
        }
    }
}

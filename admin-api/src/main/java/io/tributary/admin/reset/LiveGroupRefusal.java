package io.tributary.admin.reset;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/**
 * The refusal of a change to the offsets of a group that has members: they would overwrite it with their next
 * commit, so the caller must stop them or ask for {@code force}. The problem lists them in {@code members}.
 */
final class LiveGroupRefusal {

    private LiveGroupRefusal() {
    }

    static ApiProblemException of(String groupId, List<GroupMemberView> members) {
        return new ApiProblemException(HttpStatus.CONFLICT, "group-has-members",
                "Group '" + groupId + "' has " + members.size() + " live member(s), which would commit over the "
                        + "new offsets: stop its consumers, or send force: true to remove them from the group first",
                Map.of("members", members));
    }
}

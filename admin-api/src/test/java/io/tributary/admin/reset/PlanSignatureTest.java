package io.tributary.admin.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class PlanSignatureTest {

    private static final List<GroupMemberView> MEMBERS = List.of(
            new GroupMemberView("b-1", null, "b", "/10.0.0.2"), new GroupMemberView("a-1", null, "a", "/10.0.0.1"));
    private static final List<PlannedPartition> PLAN = List.of(
            new PlannedPartition("orders", 1, 5L, 0L, 0L, 10L), new PlannedPartition("orders", 0, null, 0L, 0L, 7L));

    private final PlanSignature signature = new PlanSignature(PlanSigningKeys.onNewDatabase(), JsonMapper.builder()
            .build());

    @Test
    void theSamePlanInAnyOrderHasTheSameStrongETag() {
        String etag = signature.etag("g", MEMBERS, PLAN);

        assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");
        assertThat(signature.etag("g", List.of(MEMBERS.get(1), MEMBERS.get(0)), List.of(PLAN.get(1), PLAN.get(0))))
                .isEqualTo(etag);
    }

    @Test
    void anyChangeToGroupMembersOrPlanChangesIt() {
        String etag = signature.etag("g", MEMBERS, PLAN);

        assertThat(signature.etag("h", MEMBERS, PLAN)).isNotEqualTo(etag);
        assertThat(signature.etag("g", MEMBERS.subList(0, 1), PLAN)).isNotEqualTo(etag);
        assertThat(signature.etag("g", MEMBERS, List.of(PLAN.get(0), new PlannedPartition("orders", 0, null, 3L, 0L,
                7L)))).isNotEqualTo(etag);
        assertThat(signature.etag("g", MEMBERS, List.of(PLAN.get(0), new PlannedPartition("orders", 0, 2L, 0L, 0L,
                7L)))).isNotEqualTo(etag);
    }

    @Test
    void ifMatchIsComparedStrongly() {
        String etag = signature.etag("g", MEMBERS, PLAN);

        assertThat(PlanSignature.matches(etag, etag)).isTrue();
        assertThat(PlanSignature.matches("\"other\", " + etag, etag)).isTrue();
        assertThat(PlanSignature.matches("W/" + etag, etag)).isFalse();
        assertThat(PlanSignature.matches("*", etag)).isFalse();
        assertThat(PlanSignature.matches(etag.replace("\"", ""), etag)).isFalse();
    }
}

package io.tributary.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import io.tributary.admin.AdminApiApplication;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the audit trail must do on every database it runs on: keep who changed what and the states before and after
 * as the API's JSON, and list them newest first by resource, principal, action and time, a page at a time. Each
 * subclass runs it against a real database.
 */
@SpringBootTest(classes = AdminApiApplication.class)
abstract class AuditTrailContract {

    private static final String TOPIC_A = "crn:///kafka=c1/topic=a";
    private static final String TOPIC_B = "crn:///kafka=c1/topic=b";

    @Autowired
    AuditTrail trail;
    @Autowired
    AuditSearch search;
    @Autowired
    AuditEvents events;
    @Autowired
    JsonMapper json;

    @BeforeEach
    void emptyTrail() {
        events.deleteAll();
    }

    @AfterEach
    void nobody() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void keepsThePrincipalAndBothStatesAsJson() {
        actAs("otto");
        AuditEvent recorded = trail.record("topic.update", TOPIC_A, Map.of("partitions_count", 3),
                Map.of("partitions_count", 6, "name", "a \"quoted\" ü"));

        AuditEvent read = search.find(recorded.id()).orElseThrow();

        assertThat(read.principal()).isEqualTo("otto");
        assertThat(read.action()).isEqualTo("topic.update");
        assertThat(read.resource()).isEqualTo(TOPIC_A);
        assertThat(json.readTree(read.beforeState()).get("partitions_count").asInt()).isEqualTo(3);
        assertThat(json.readTree(read.afterState()).get("name").asString()).isEqualTo("a \"quoted\" ü");
        assertThat(read.occurredAt()).isNotNull();
    }

    @Test
    void aCreationHasNoBeforeAndADeletionNoAfter() {
        actAs("otto");
        AuditEvent created = trail.record("topic.create", TOPIC_A, null, Map.of("topic_name", "a"));
        AuditEvent deleted = trail.record("topic.delete", TOPIC_A, Map.of("topic_name", "a"), null);

        assertThat(search.find(created.id()).orElseThrow().beforeState()).isNull();
        assertThat(search.find(deleted.id()).orElseThrow().afterState()).isNull();
    }

    @Test
    void withoutAnAuthenticatedCallerThePrincipalIsAnonymous() {
        AuditEvent recorded = trail.record("topic.create", TOPIC_A, null, Map.of());

        assertThat(search.find(recorded.id()).orElseThrow().principal()).isEqualTo("anonymous");
    }

    @Test
    void listsNewestFirstAndFiltersByResourcePrincipalAndAction() {
        actAs("otto");
        long first = trail.record("topic.create", TOPIC_A, null, Map.of()).id();
        long second = trail.record("topic.create", TOPIC_B, null, Map.of()).id();
        actAs("ci");
        long third = trail.record("topic.update", TOPIC_A, Map.of(), Map.of()).id();

        assertThat(ids(new AuditFilter(null, null, null, null, null, null))).containsExactly(third, second, first);
        assertThat(ids(new AuditFilter(TOPIC_A, null, null, null, null, null))).containsExactly(third, first);
        assertThat(ids(new AuditFilter(null, "otto", null, null, null, null))).containsExactly(second, first);
        assertThat(ids(new AuditFilter(null, null, "topic.create", null, null, null))).containsExactly(second, first);
        assertThat(ids(new AuditFilter(TOPIC_A, "otto", "topic.create", null, null, null))).containsExactly(first);
        assertThat(ids(new AuditFilter(null, "nobody", null, null, null, null))).isEmpty();
    }

    @Test
    void filtersByATimeRangeSinceInclusiveUntilExclusive() {
        actAs("otto");
        trail.record("topic.create", TOPIC_A, null, Map.of());
        AuditEvent middle = search.find(trail.record("topic.create", TOPIC_B, null, Map.of()).id()).orElseThrow();
        AuditEvent last = search.find(trail.record("topic.delete", TOPIC_A, Map.of(), null).id()).orElseThrow();

        assertThat(ids(new AuditFilter(null, null, null, middle.occurredAt(), null, null)))
                .contains(middle.id(), last.id()).allMatch(id -> id >= middle.id());
        assertThat(ids(new AuditFilter(null, null, null, null, last.occurredAt(), null)))
                .doesNotContain(last.id()).contains(middle.id());
    }

    @Test
    void pagesWithTheLastIdAsCursorEvenWhileEventsArrive() {
        actAs("otto");
        for (int i = 0; i < 7; i++) {
            trail.record("topic.create", "crn:///kafka=c1/topic=t" + i, null, Map.of());
        }
        List<AuditEvent> firstPage = search.find(new AuditFilter(null, null, null, null, null, null), 3);
        long newestBefore = firstPage.get(0).id();
        trail.record("topic.create", "crn:///kafka=c1/topic=late", null, Map.of());

        List<AuditEvent> secondPage = search.find(new AuditFilter(null, null, null, null, null,
                firstPage.get(2).id()), 3);
        List<AuditEvent> lastPage = search.find(new AuditFilter(null, null, null, null, null,
                secondPage.get(2).id()), 3);

        assertThat(firstPage).extracting(AuditEvent::resource)
                .containsExactly("crn:///kafka=c1/topic=t6", "crn:///kafka=c1/topic=t5", "crn:///kafka=c1/topic=t4");
        assertThat(secondPage).extracting(AuditEvent::resource)
                .containsExactly("crn:///kafka=c1/topic=t3", "crn:///kafka=c1/topic=t2", "crn:///kafka=c1/topic=t1");
        assertThat(lastPage).extracting(AuditEvent::resource).containsExactly("crn:///kafka=c1/topic=t0");
        assertThat(ids(new AuditFilter(null, null, null, null, null, null)).get(0)).isGreaterThan(newestBefore);
    }

    private List<Long> ids(AuditFilter filter) {
        return search.find(filter, 100).stream().map(AuditEvent::id).toList();
    }

    private static void actAs(String name) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name,
                null, AuthorityUtils.createAuthorityList("ROLE_OPERATOR")));
    }
}

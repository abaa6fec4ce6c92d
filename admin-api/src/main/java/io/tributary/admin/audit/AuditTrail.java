package io.tributary.admin.audit;

import java.time.Clock;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Records every change made through the admin API. Callers pass the resource's state before and after as the
 * objects the API answers with; they are kept as JSON so that the trail reads like the API.
 */
@Component
public class AuditTrail {

    private static final String ANONYMOUS = "anonymous";

    private final AuditEvents events;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    AuditTrail(AuditEvents events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    /**
     * @param action what was done, as {@code <resource kind>.<verb>} ({@code topic.create}, {@code offsets.reset})
     * @param resource the resource name ({@code crn:///kafka=<cluster>/topic=<name>})
     */
    public AuditEvent record(String action, String resource, Object before, Object after) {
        return events.save(new AuditEvent(null, clock.instant(), principal(), action, resource, toJson(before),
                toJson(after)));
    }

    private String toJson(Object state) {
        return state == null ? null : json.writeValueAsString(state);
    }

    private static String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken ? ANONYMOUS : authentication.getName();
    }
}

package io.tributary.admin.audit;

import java.time.Clock;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import tools.jackson.databind.json.JsonMapper;

/**
 * Records every change made through the admin API. Callers pass the resource's state before and after as the
 * objects the API answers with; they are kept as JSON so that the trail reads like the API. Each change also counts
 * in {@code tributary.admin.changes} (tag {@code action}), so that a dashboard shows what operators do.
 */
@Component
public class AuditTrail {

    private static final String ANONYMOUS = "anonymous";

    private final AuditEvents events;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    AuditTrail(AuditEvents events, JsonMapper json, MeterRegistry meters) {
        this.events = events;
        this.json = json;
        this.meters = meters;
    }

    /**
     * @param action what was done, as {@code <resource kind>.<verb>} ({@code topic.create}, {@code offsets.reset})
     * @param resource the resource name ({@code crn:///kafka=<cluster>/topic=<name>})
     */
    public AuditEvent record(String action, String resource, Object before, Object after) {
        AuditEvent saved = events.save(new AuditEvent(null, clock.instant(), principal(), action, resource,
                toJson(before), toJson(after)));
        Counter.builder("tributary.admin.changes")
                .description("Changes made through the admin API")
                .tag("action", action)
                .register(meters)
                .increment();
        return saved;
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

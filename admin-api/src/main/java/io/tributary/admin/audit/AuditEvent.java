package io.tributary.admin.audit;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One change made through the admin API: who made it, when, to what, and the resource's state before and after (JSON
 * text, {@code null} where there was none: before a creation, after a deletion).
 *
 * <p>The table ({@code audit_event}) is named from the class, not spelled out: Spring Data JDBC quotes a
 * spelled-out name as written, which H2 (upper case) then does not find.
 */
@Table
public record AuditEvent(
        @Id Long id,
        Instant occurredAt,
        String principal,
        String action,
        String resource,
        String beforeState,
        String afterState) {
}

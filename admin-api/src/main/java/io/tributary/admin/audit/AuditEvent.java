package io.tributary.admin.audit;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One change made through the admin API: who made it, when, to what, and the resource's state before and after (JSON
 * text, {@code null} where there was none: before a creation, after a deletion).
 * <p>The table's name is derived, not written out: Spring Data JDBC quotes names as its dialect spells them
 * ({@code AUDIT_EVENT} on H2, {@code audit_event} on PostgreSQL), which is what each makes of the unquoted name in
 * {@code db/audit.sql}; a name written here would be quoted as written and be another table on H2.
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

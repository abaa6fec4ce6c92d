package io.tributary.admin.audit;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One change made through the admin API: who made it, when, to what, and the resource's state before and after (JSON
 * text, {@code null} where there was none: before a creation, after a deletion).
 *
 * <p>The table's name is derived ({@code audit_event}) like the columns': Spring Data JDBC quotes every name and
 * spells derived ones in the dialect's case (upper on H2, lower on PostgreSQL), which is what each makes of the
 * unquoted names in {@code db/audit.sql}; a name written out here would be quoted as written, and H2 would not find it.
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

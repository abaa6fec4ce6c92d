package io.tributary.admin.audit;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One change made through the admin API: who made it, when, to what, and the resource's state before and after (JSON
 * text, {@code null} where there was none: before a creation, after a deletion).
 *
 * <p>Its table, {@code audit_event}, is named from the class like the columns from the components: Spring Data JDBC
 * quotes an explicit name as written, which H2 (upper-casing unquoted names in the schema) would not find, while a
 * derived name follows each dialect's case.
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

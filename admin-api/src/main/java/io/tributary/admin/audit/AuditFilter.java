package io.tributary.admin.audit;

import java.time.Instant;

/**
 * Which audit events a listing asks for: each member that is not {@code null} must match; {@code since} is inclusive,
 * {@code until} exclusive, {@code beforeId} is the cursor (events older than the last one of the previous page).
 */
public record AuditFilter(String resource, String principal, String action, Instant since, Instant until,
        Long beforeId) {
}

package io.tributary.admin.audit;

import java.time.Instant;

import io.tributary.admin.resource.ResourceMetadata;
import tools.jackson.databind.JsonNode;

/**
 * One audit event as the API shows it: {@code before} and {@code after} are the resource's JSON as the API showed it
 * then ({@code null} before a creation and after a deletion).
 */
public record AuditEventResource(
        String kind,
        ResourceMetadata metadata,
        long id,
        Instant occurredAt,
        String principal,
        String action,
        String resource,
        JsonNode before,
        JsonNode after) {
}

package io.tributary.admin.topicconfig;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code configs:alter}, as Confluent's: the changes, applied all or none, and whether to only validate
 * them.
 */
public record ConfigBatch(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ConfigChange> data,
        @Schema(description = "check the changes with the cluster without applying them") Boolean validateOnly) {
}

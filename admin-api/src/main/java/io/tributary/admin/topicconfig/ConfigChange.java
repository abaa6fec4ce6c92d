package io.tributary.admin.topicconfig;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One entry of {@code configs:alter}: SET {@code name} to {@code value}, or DELETE its override (back to the
 * default; no value).
 */
public record ConfigChange(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "retention.ms") String name,
        @Schema(description = "required by SET, absent for DELETE") String value,
        @Schema(description = "SET when absent") Operation operation) {

    public enum Operation {
        SET,
        DELETE
    }

    Operation effectiveOperation() {
        return operation == null ? Operation.SET : operation;
    }
}

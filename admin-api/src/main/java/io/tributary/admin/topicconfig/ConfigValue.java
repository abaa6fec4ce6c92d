package io.tributary.admin.topicconfig;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT …/configs/{name}}: the value to set on the topic. */
public record ConfigValue(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "86400000") String value) {
}

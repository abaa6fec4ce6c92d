package io.tributary.admin.reset;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The modes of {@code kafka-consumer-groups --reset-offsets}, named as its options are; {@code from-group} takes
 * the place of its {@code --from-file}: another group's committed offsets.
 */
public enum ResetMode {
    @JsonProperty("to-earliest") TO_EARLIEST,
    @JsonProperty("to-latest") TO_LATEST,
    @JsonProperty("to-offset") TO_OFFSET,
    @JsonProperty("shift-by") SHIFT_BY,
    @JsonProperty("to-datetime") TO_DATETIME,
    @JsonProperty("by-duration") BY_DURATION,
    @JsonProperty("from-group") FROM_GROUP
}

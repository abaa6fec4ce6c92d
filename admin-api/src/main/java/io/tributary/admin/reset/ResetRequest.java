package io.tributary.admin.reset;

/**
 * What to reset and how: the body of {@code offsets:plan-reset}. Without {@code topic_name} the reset covers every
 * partition the group has a committed offset for (with {@code from-group}: every partition the source group has one
 * for); with it, every partition of that topic, or only {@code partition_id}. Each mode reads only its own field.
 *
 * @param offset {@code to-offset}: the offset, clamped to the partition's log start and end
 * @param shiftBy {@code shift-by}: added to the committed offset (negative moves back), clamped likewise
 * @param datetime {@code to-datetime}: ISO-8601 with a zone offset or {@code Z}
 * @param duration {@code by-duration}: ISO-8601 duration back from now ({@code PT1H}, {@code P1DT2H})
 * @param sourceGroupId {@code from-group}: the group whose committed offsets are copied
 */
public record ResetRequest(
        ResetMode mode,
        String topicName,
        Integer partitionId,
        Long offset,
        Long shiftBy,
        String datetime,
        String duration,
        String sourceGroupId) {
}

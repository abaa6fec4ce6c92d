package io.tributary.admin.reset;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/**
 * Checks a reset request before anything is asked of the cluster: the mode's own field is present and valid, no
 * other mode's field is set (a request that says two things is refused rather than half-followed), and the scope
 * is well formed.
 */
final class ResetRequestCheck {

    /** Kafka's longest legal topic name. */
    private static final int MAX_TOPIC_NAME = 249;

    private ResetRequestCheck() {
    }

    /**
     * The timestamp, in epoch milliseconds, a {@code to-datetime} or {@code by-duration} reset asks ListOffsets for;
     * {@code null} for other modes. A time before 1970 is asked as 0: ListOffsets reads negative timestamps as
     * LATEST, EARLIEST and MAX_TIMESTAMP, and any time before the first record resolves to the earliest offset.
     */
    static Long check(ResetRequest request, Instant now) {
        if (request.mode() == null) {
            throw invalid("mode is required: one of to-earliest, to-latest, to-offset, shift-by, to-datetime, "
                    + "by-duration, from-group");
        }
        if (request.partitionId() != null && request.topicName() == null) {
            throw invalid("partition_id needs topic_name: name the topic of partition " + request.partitionId());
        }
        if (request.topicName() != null && (request.topicName().isEmpty()
                || request.topicName().length() > MAX_TOPIC_NAME)) {
            throw invalid("topic_name must be 1 to " + MAX_TOPIC_NAME + " characters");
        }
        if (request.partitionId() != null && request.partitionId() < 0) {
            throw invalid("partition_id must be 0 or more, not " + request.partitionId());
        }
        String own = ownField(request.mode());
        List<String> others = new ArrayList<>();
        setFields(request).forEach((field, set) -> {
            if (set && !field.equals(own)) {
                others.add(field);
            }
        });
        if (!others.isEmpty()) {
            throw invalid("mode " + modeName(request) + " does not use " + String.join(", ", others));
        }
        if (own != null && !setFields(request).get(own)) {
            throw invalid("mode " + modeName(request) + " needs " + own);
        }
        return switch (request.mode()) {
            case TO_OFFSET -> {
                if (request.offset() < 0) {
                    throw invalid("offset must be 0 or more, not " + request.offset());
                }
                yield null;
            }
            case TO_DATETIME -> timestampMs("datetime", request.datetime(), () -> datetime(request.datetime()));
            case BY_DURATION -> {
                Duration back = duration(request.duration());
                yield timestampMs("duration", request.duration(), () -> now.minus(back));
            }
            case FROM_GROUP -> {
                if (request.sourceGroupId().isEmpty()) {
                    throw invalid("source_group_id must not be empty");
                }
                yield null;
            }
            default -> null;
        };
    }

    /** Refuses a time that epoch milliseconds, the unit of Kafka's timestamps, cannot hold. */
    private static long timestampMs(String field, String text, Supplier<Instant> time) {
        try {
            return Math.max(0L, time.get().toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            throw invalid(field + " '" + text + "' is out of range: Kafka timestamps are milliseconds since "
                    + "1970 in a long, from about 292 million years before it to 292 million years after");
        }
    }

    private static Instant datetime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("datetime '" + text + "' is not an ISO-8601 date-time with a zone offset, such as "
                    + "2026-11-30T08:00:00Z or 2026-11-30T09:00:00.000+01:00");
        }
    }

    private static Duration duration(String text) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("duration '" + text + "' is not an ISO-8601 duration, such as PT30M or P1DT12H");
        }
        if (duration.isNegative()) {
            throw invalid("duration '" + text + "' is negative: it is a time back from now");
        }
        return duration;
    }

    private static String ownField(ResetMode mode) {
        return switch (mode) {
            case TO_OFFSET -> "offset";
            case SHIFT_BY -> "shift_by";
            case TO_DATETIME -> "datetime";
            case BY_DURATION -> "duration";
            case FROM_GROUP -> "source_group_id";
            case TO_EARLIEST, TO_LATEST -> null;
        };
    }

    private static Map<String, Boolean> setFields(ResetRequest request) {
        Map<String, Boolean> fields = new LinkedHashMap<>();
        fields.put("offset", request.offset() != null);
        fields.put("shift_by", request.shiftBy() != null);
        fields.put("datetime", request.datetime() != null);
        fields.put("duration", request.duration() != null);
        fields.put("source_group_id", request.sourceGroupId() != null);
        return fields;
    }

    private static String modeName(ResetRequest request) {
        return request.mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ApiProblemException invalid(String message) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-offset-reset", message);
    }
}

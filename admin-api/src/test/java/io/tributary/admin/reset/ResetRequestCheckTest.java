package io.tributary.admin.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

class ResetRequestCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aDatetimeNeedsItsZoneAndADurationGoesBackFromNow() {
        assertThat(ResetRequestCheck.check(request(ResetMode.TO_DATETIME, null, null, "2026-11-30T09:30:00+01:00",
                null), NOW)).isEqualTo(Instant.parse("2026-11-30T08:30:00Z").toEpochMilli());
        assertThat(ResetRequestCheck.check(request(ResetMode.BY_DURATION, null, null, null, "P1DT2H"), NOW))
                .isEqualTo(NOW.minus(Duration.ofHours(26)).toEpochMilli());
        assertRefused(request(ResetMode.TO_DATETIME, null, null, "2026-11-30T09:30:00", null), "zone offset");
        assertRefused(request(ResetMode.BY_DURATION, null, null, null, "-PT1H"), "negative");
        assertRefused(request(ResetMode.BY_DURATION, null, null, null, "1h"), "ISO-8601 duration");
    }

    @Test
    void aTimeBefore1970IsAskedAsZeroNotAsANegativeTimestampListOffsetsReadsAsLatestOrEarliest() {
        assertThat(ResetRequestCheck.check(request(ResetMode.TO_DATETIME, null, null, "1969-12-31T23:59:59.999Z",
                null), NOW)).isZero();
        assertThat(ResetRequestCheck.check(request(ResetMode.TO_DATETIME, null, null, "1969-12-31T23:59:59.997Z",
                null), NOW)).isZero();
        assertThat(ResetRequestCheck.check(request(ResetMode.TO_DATETIME, null, null, "1900-01-01T00:00:00Z",
                null), NOW)).isZero();
        assertThat(ResetRequestCheck.check(request(ResetMode.BY_DURATION, null, null, null, "P36500D"), NOW))
                .isZero();
        assertThat(ResetRequestCheck.check(request(ResetMode.TO_DATETIME, null, null, "1970-01-01T00:00:00.001Z",
                null), NOW)).isEqualTo(1L);
    }

    @Test
    void aTimeEpochMillisecondsCannotHoldIsRefusedNamingItsField() {
        assertRefused(request(ResetMode.TO_DATETIME, null, null, "+999999999-12-31T23:59:59Z", null),
                "datetime '+999999999-12-31T23:59:59Z' is out of range");
        assertRefused(request(ResetMode.TO_DATETIME, null, null, "-999999999-01-01T00:00:00Z", null),
                "datetime '-999999999-01-01T00:00:00Z' is out of range");
        assertRefused(request(ResetMode.BY_DURATION, null, null, null, "PT2562047788015215H"),
                "duration 'PT2562047788015215H' is out of range");
        assertRefused(request(ResetMode.BY_DURATION, null, null, null, "P200000000000D"),
                "duration 'P200000000000D' is out of range");
    }

    @Test
    void eachModeNeedsItsOwnFieldAndNoOther() {
        assertThat(ResetRequestCheck.check(request(ResetMode.TO_EARLIEST, null, null, null, null), NOW)).isNull();
        assertRefused(request(ResetMode.TO_OFFSET, null, null, null, null), "mode to-offset needs offset");
        assertRefused(request(ResetMode.SHIFT_BY, 3L, null, null, null), "mode shift-by does not use offset");
        assertRefused(request(ResetMode.TO_LATEST, null, -1L, "2026-11-30T09:30:00Z", null),
                "does not use shift_by, datetime");
        assertRefused(request(ResetMode.TO_OFFSET, -4L, null, null, null), "offset must be 0 or more");
        assertRefused(new ResetRequest(null, null, null, null, null, null, null, null), "mode is required");
        assertRefused(new ResetRequest(ResetMode.FROM_GROUP, null, null, null, null, null, null, ""),
                "source_group_id must not be empty");
    }

    @Test
    void aPartitionNeedsItsTopic() {
        assertRefused(new ResetRequest(ResetMode.TO_EARLIEST, null, 0, null, null, null, null, null),
                "partition_id needs topic_name");
        assertRefused(new ResetRequest(ResetMode.TO_EARLIEST, "t", -1, null, null, null, null, null),
                "partition_id must be 0 or more");
        assertRefused(new ResetRequest(ResetMode.TO_EARLIEST, "t".repeat(250), null, null, null, null, null, null),
                "topic_name must be 1 to 249 characters");
    }

    private static ResetRequest request(ResetMode mode, Long offset, Long shiftBy, String datetime, String duration) {
        return new ResetRequest(mode, null, null, offset, shiftBy, datetime, duration, null);
    }

    private static void assertRefused(ResetRequest request, String message) {
        assertThatThrownBy(() -> ResetRequestCheck.check(request, NOW))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.problem()).isEqualTo("invalid-offset-reset");
                })
                .hasMessageContaining(message);
    }
}

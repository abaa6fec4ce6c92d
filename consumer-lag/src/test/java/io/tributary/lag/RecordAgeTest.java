package io.tributary.lag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordAgeTest {

    @Test
    void theAgeIsNowLessTheTimestampAndNothingLeftToConsumeIsZero() {
        assertThat(RecordAge.at(1_000).secondsBefore(3_601_500)).isEqualTo(3600.5);
        assertThat(RecordAge.at(5_000).secondsBefore(4_000)).isZero();
        assertThat(RecordAge.NOTHING_TO_CONSUME.secondsBefore(10)).isZero();
    }

    @Test
    void aRecordWithoutTimestampOrAReadThatDidNotFinishIsUnknown() {
        assertThat(RecordAge.at(-1).secondsBefore(10)).isNull();
        assertThat(RecordAge.UNKNOWN.secondsBefore(10)).isNull();
    }
}

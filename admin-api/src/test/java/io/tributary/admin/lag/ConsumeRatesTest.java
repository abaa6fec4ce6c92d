package io.tributary.admin.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumeRatesTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);

    private static ConsumeRates rates(int samples, int tracked) {
        return new ConsumeRates(new LagProperties(1, Duration.ofSeconds(5), Duration.ofMinutes(10), samples, tracked, 10_000));
    }

    @Test
    void aFirstSampleHasNoRateAndLaterOnesMeasureFromTheOldest() {
        ConsumeRates rates = rates(16, 100);

        assertThat(rates.observe("g", P0, 100, 1000, 0)).isEqualTo(ConsumeRates.Rates.UNKNOWN);
        ConsumeRates.Rates later = rates.observe("g", P0, 300, 1100, 10_000);

        assertThat(later.consumed()).isEqualTo(20.0);
        assertThat(later.produced()).isEqualTo(10.0);
        assertThat(rates.observe("g", P0, 500, 1100, 20_000).consumed()).isEqualTo(20.0);
    }

    @Test
    void aCommitThatWentBackStartsOver() {
        ConsumeRates rates = rates(16, 100);
        rates.observe("g", P0, 500, 1000, 0);

        assertThat(rates.observe("g", P0, 100, 1000, 5_000)).isEqualTo(ConsumeRates.Rates.UNKNOWN);
        assertThat(rates.observe("g", P0, 200, 1000, 10_000).consumed()).isEqualTo(20.0);
    }

    @Test
    void samplesOutsideTheWindowAreForgotten() {
        ConsumeRates rates = rates(16, 100);
        rates.observe("g", P0, 0, 0, 0);
        rates.observe("g", P0, 1000, 0, 60_000);

        ConsumeRates.Rates afterWindow = rates.observe("g", P0, 1000 + 600, 0, 60_000 + 600_000);

        assertThat(afterWindow.consumed()).isEqualTo(1.0);
    }

    @Test
    void memoryIsBoundedPerPartitionAndInPartitions() {
        ConsumeRates rates = rates(2, 1);
        rates.observe("g", P0, 0, 0, 0);
        rates.observe("g", P0, 10, 0, 1_000);
        rates.observe("g", P0, 20, 0, 2_000);
        assertThat(rates.observe("g", P0, 30, 0, 3_000).consumed()).isEqualTo(10.0);

        rates.observe("other", P0, 0, 0, 3_000);

        assertThat(rates.observe("g", P0, 40, 0, 4_000)).isEqualTo(ConsumeRates.Rates.UNKNOWN);
    }

    @Test
    void aStillCommitIsARateOfZero() {
        ConsumeRates rates = rates(16, 100);
        rates.observe("g", P0, 7, 10, 0);

        assertThat(rates.observe("g", P0, 7, 10, 2_000).consumed()).isZero();
    }
}

package io.tributary.admin.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LagTotalsTest {

    private static PartitionLagResource lag(int partition, Long committed, Long lag, Double seconds, boolean below,
            Double rate, Double catchUp) {
        return new PartitionLagResource("KafkaConsumerLag", null, "c", "g", "t", partition, null, null, null,
                committed, committed, 0L, 100L, lag, seconds, below, rate, catchUp);
    }

    @Test
    void totalsSkipPartitionsWithoutACommitAndNameWhereTheMaximaAre() {
        LagTotals totals = LagTotals.of(List.of(
                lag(0, 10L, 90L, 30.0, false, 2.0, 45.0),
                lag(1, 50L, 50L, 120.0, true, 1.0, 50.0),
                lag(2, null, null, null, false, null, null),
                lag(3, 100L, 0L, 0.0, false, null, 0.0)));

        assertThat(totals.totalLag()).isEqualTo(140);
        assertThat(totals.maxLag().partitionId()).isEqualTo(0);
        assertThat(totals.maxLagSeconds().partitionId()).isEqualTo(1);
        assertThat(totals.consumeRate()).isEqualTo(3.0);
        assertThat(totals.estimatedCatchUpSeconds()).isEqualTo(50.0);
        assertThat(totals.withoutCommit()).isEqualTo(1);
        assertThat(totals.belowLogStart()).isEqualTo(1);
    }

    @Test
    void theCatchUpIsUnknownIfALaggingPartitionsIsAndNoLagMeansNoMaximum() {
        assertThat(LagTotals.of(List.of(lag(0, 10L, 5L, 1.0, false, null, null),
                lag(1, 10L, 5L, 1.0, false, 1.0, 5.0))).estimatedCatchUpSeconds()).isNull();

        LagTotals caughtUp = LagTotals.of(List.of(lag(0, 10L, 0L, 0.0, false, null, 0.0)));
        assertThat(caughtUp.maxLag()).isNull();
        assertThat(caughtUp.estimatedCatchUpSeconds()).isZero();
    }
}

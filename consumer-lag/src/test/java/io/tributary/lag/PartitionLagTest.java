package io.tributary.lag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionLagTest {

    @Test
    void theLagIsWhatLiesBetweenTheCommitAndTheLogEndAndItsAgeIsTheFirstRecords() {
        PartitionLag lag = new PartitionLag(40L, 0L, 100L);

        assertThat(lag.offsets()).isEqualTo(60);
        assertThat(lag.readAt()).isEqualTo(40);
        assertThat(lag.seconds(RecordAge.at(1_000), 31_000)).isEqualTo(30.0);
        assertThat(lag.belowLogStart()).isFalse();
    }

    @Test
    void recordsRetentionDeletedAreNotLagAnyMoreTheGroupResumesAtTheLogStart() {
        PartitionLag lag = new PartitionLag(10L, 50L, 100L);

        assertThat(lag.offsets()).isEqualTo(50);
        assertThat(lag.readAt()).isEqualTo(50);
        assertThat(lag.belowLogStart()).isTrue();
    }

    @Test
    void aGroupAtTheLogEndHasNoLagHoweverOldTheLastRecord() {
        PartitionLag lag = new PartitionLag(100L, 0L, 100L);

        assertThat(lag.offsets()).isZero();
        assertThat(lag.readAt()).isNull();
        assertThat(lag.seconds(null, 1_000_000)).isZero();
    }

    @Test
    void withoutACommitOrALogEndTheLagIsUnknown() {
        assertThat(new PartitionLag(null, 0L, 100L).offsets()).isNull();
        assertThat(new PartitionLag(null, 0L, 100L).seconds(RecordAge.at(0), 10)).isNull();
        assertThat(new PartitionLag(5L, null, null).offsets()).isNull();
        assertThat(new PartitionLag(5L, null, null).readAt()).isNull();
    }

    @Test
    void anAgeThatCouldNotBeReadLeavesTheSecondsUnknownButNotTheOffsets() {
        PartitionLag lag = new PartitionLag(40L, 0L, 100L);

        assertThat(lag.seconds(RecordAge.UNKNOWN, 10)).isNull();
        assertThat(lag.seconds(null, 10)).isNull();
        assertThat(lag.offsets()).isEqualTo(60);
    }
}

package io.tributary.broker.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.LogCheckpoints;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.PartitionLog;

/** Where a follower cuts its log when the leader reports a diverging epoch or an out-of-range fetch offset. */
class FollowerTruncationTest {

    @TempDir
    Path tempDir;
    private PartitionLog follower;

    @BeforeEach
    void open() {
        follower = PartitionLog.open(tempDir.resolve("t-0"), "t", 0, LogConfig.defaults(), Clock.systemUTC(),
                LogCheckpoints.clean());
    }

    @AfterEach
    void close() {
        follower.close();
    }

    /** Appends, as the leader of {@code epoch} wrote it, one batch of {@code count} records at the log end. */
    private void replicate(int epoch, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords built = MemoryRecords.withRecords(follower.logEndOffset(), Compression.NONE, epoch, records);
        follower.appendAsFollower(MemoryRecords.readableRecords(ByteBuffer.wrap(built.buffer().array(), 0, built.sizeInBytes())));
    }

    private static FetchResponseData.EpochEndOffset diverging(int epoch, long endOffset) {
        return new FetchResponseData.EpochEndOffset().setEpoch(epoch).setEndOffset(endOffset);
    }

    @Test
    void bothLogsHoldTheEpochButTheLeadersEndsEarlier() {
        replicate(1, 5);
        replicate(1, 5);
        replicate(2, 5);
        // the leader's epoch 1 ends at 5: its epoch 3 started there; ours goes on to 10
        long truncatedTo = FollowerTruncation.onDivergingEpoch(follower, diverging(1, 5));

        assertThat(truncatedTo).isEqualTo(5);
        assertThat(follower.latestEpoch()).hasValue(1);
    }

    @Test
    void theFollowerLacksTheLeadersEpochAndGoesBackToTheEndOfItsOwnEarlierOne() {
        replicate(1, 4);
        replicate(3, 4);
        // the leader answers with epoch 2 (its largest at or below our 3), ending at 6; we have no epoch 2
        long truncatedTo = FollowerTruncation.onDivergingEpoch(follower, diverging(2, 6));

        assertThat(truncatedTo).isEqualTo(4);
        assertThat(follower.latestEpoch()).hasValue(1);
    }

    @Test
    void theFollowerHoldsNoEpochAtOrBelowTheLeadersAndKeepsWhatTheLeaderHas() {
        replicate(4, 6);
        long truncatedTo = FollowerTruncation.onDivergingEpoch(follower, diverging(2, 3));

        assertThat(truncatedTo).isZero();
        assertThat(follower.logEndOffset()).isZero();
    }

    @Test
    void aLeaderWhoseLogEndsBelowOursCutsOursToItsEnd() {
        replicate(1, 10);
        replicate(1, 10);

        assertThat(FollowerTruncation.onOutOfRange(follower, 10, 0)).isEqualTo(10);
    }

    @Test
    void aFollowerBelowTheLeadersLogStartRestartsThere() {
        replicate(1, 10);

        assertThat(FollowerTruncation.onOutOfRange(follower, 500, 200)).isEqualTo(200);
        assertThat(follower.logStartOffset()).isEqualTo(200);
        assertThat(follower.latestEpoch()).isEmpty();
    }

    @Test
    void aFetchOffsetWithinTheLeadersLogChangesNothing() {
        replicate(1, 10);

        assertThat(FollowerTruncation.onOutOfRange(follower, 30, 5)).isEqualTo(10);
        assertThat(follower.logStartOffset()).isZero();
    }
}

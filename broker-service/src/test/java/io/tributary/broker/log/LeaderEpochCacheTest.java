package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader-epoch checkpoint: Kafka's file format, the cache's answers, and how it follows the log's offsets. */
class LeaderEpochCacheTest {

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private Path dir() {
        return tempDir.resolve("orders-0");
    }

    private PartitionLog open(Map<String, String> overrides) {
        log = PartitionLog.open(dir(), "orders", 0, TestRecords.config(overrides), clock, LogCheckpoints.clean());
        return log;
    }

    private Path checkpoint() {
        return dir().resolve("leader-epoch-checkpoint");
    }

    /** Epoch 0 writes offsets 0-2, epoch 2 offsets 3-5, epoch 5 offsets 6-8. */
    private void appendThreeEpochs() {
        log.append(batch(T0, "a", "b", "c"), 0);
        log.append(batch(T0, "d", "e", "f"), 2);
        log.append(batch(T0, "g"), 5);
        log.append(batch(T0, "h", "i"), 5);
    }

    @Test
    void leaderAppendsRecordEachNewEpochInKafkasFileFormat() throws Exception {
        open(Map.of());
        appendThreeEpochs();

        assertThat(Files.readString(checkpoint())).isEqualTo("0\n3\n0 0\n2 3\n5 6\n");
        assertThat(log.latestEpoch()).isEqualTo(OptionalInt.of(5));
    }

    @Test
    void endOffsetForEpochFollowsKafkasSemantics() {
        open(Map.of());
        appendThreeEpochs();

        assertThat(log.endOffsetForEpoch(5)).isEqualTo(new EpochEndOffset(5, 9));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 6));
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 3));
        // an epoch this log never saw: the largest one below it, ending where the next one starts
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(2, 6));
        assertThat(log.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(2, 6));
        // above every epoch known, or no epoch at all: undefined
        assertThat(log.endOffsetForEpoch(6)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(log.endOffsetForEpoch(-1)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void anEpochBelowEveryKnownOneEndsWhereTheFirstStarts() {
        open(Map.of());
        log.append(batch(T0, "a"), 3);
        log.append(batch(T0, "b"), 4);

        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 0));
    }

    @Test
    void anEmptyLogKnowsNoEpoch() {
        open(Map.of());

        assertThat(log.latestEpoch()).isEmpty();
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void aNewLeaderAssignsItsEpochAtTheLogEndBeforeAppending() {
        open(Map.of());
        log.append(batch(T0, "a", "b"), 1);
        log.assignEpochStartOffset(3, log.logEndOffset());
        // the same epoch again, later: nothing changes
        log.append(batch(T0, "c"), 3);

        assertThat(log.epochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 2));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 2));
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 3));
    }

    @Test
    void truncationRemovesTheEpochsOfTheRemovedOffsets() throws Exception {
        open(Map.of());
        appendThreeEpochs();

        log.truncateTo(6);

        assertThat(log.epochEntries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(2, 3));
        assertThat(Files.readString(checkpoint())).isEqualTo("0\n2\n0 0\n2 3\n");
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 6));
        assertThat(log.endOffsetForEpoch(5)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void truncationCapsTheHighWatermarkAtTheNewLogEnd() {
        open(Map.of());
        appendThreeEpochs();
        log.updateHighWatermark(9);

        log.truncateTo(6);

        assertThat(log.highWatermark()).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(6);
    }

    @Test
    void aRisingLogStartTrimsTheHeadOfTheCache() {
        open(Map.of(LogConfig.SEGMENT_BYTES, "200"));
        appendThreeEpochs();
        log.updateHighWatermark(log.logEndOffset());

        log.deleteRecordsBefore(4);

        assertThat(log.epochEntries()).containsExactly(new EpochEntry(2, 4), new EpochEntry(5, 6));
        assertThat(log.epochForOffset(4)).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void aMissingCheckpointIsRebuiltFromTheBatches() throws Exception {
        open(Map.of());
        appendThreeEpochs();
        log.close();
        Files.delete(checkpoint());

        open(Map.of());

        assertThat(log.epochEntries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(2, 3), new EpochEntry(5, 6));
        assertThat(Files.readString(checkpoint())).isEqualTo("0\n3\n0 0\n2 3\n5 6\n");
    }

    @Test
    void aMalformedCheckpointIsRebuiltFromTheBatches() throws Exception {
        open(Map.of());
        appendThreeEpochs();
        log.close();
        Files.writeString(checkpoint(), "0\n7\n1 x\n");

        open(Map.of());

        assertThat(log.epochEntries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(2, 3), new EpochEntry(5, 6));
    }

    @Test
    void entriesPastTheRecoveredLogEndAreDroppedAtLoad() throws Exception {
        open(Map.of());
        appendThreeEpochs();
        log.close();
        // as if the broker crashed after writing the entry of epoch 7 but before its batch reached the disk
        Files.writeString(checkpoint(), "0\n4\n0 0\n2 3\n5 6\n7 9\n");

        open(Map.of());

        assertThat(log.epochEntries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(2, 3), new EpochEntry(5, 6));
        assertThat(log.latestEpoch()).isEqualTo(OptionalInt.of(5));
    }

    @Test
    void assigningAnOlderOrEarlierEntryRemovesTheEntriesItContradicts() {
        open(Map.of());
        appendThreeEpochs();

        log.assignEpochStartOffset(4, 5);

        assertThat(log.epochEntries()).isEqualTo(List.of(new EpochEntry(0, 0), new EpochEntry(2, 3), new EpochEntry(4, 5)));
    }
}

package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static io.tributary.broker.log.TestRecords.batch;
import static io.tributary.broker.log.TestRecords.idempotent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotentProducerTest {

    private static final long PID = 4242L;
    private static final short EPOCH = 3;

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    private void open(LogCheckpoints checkpoints) {
        log = PartitionLog.open(tempDir.resolve("p-0"), "p", 0,
                TestRecords.config(Map.of(LogConfig.SEGMENT_BYTES, "300")), clock, checkpoints);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void aRetriedBatchIsAcknowledgedWithItsOriginalOffsetsAndNotAppendedAgain() {
        open(LogCheckpoints.clean());
        log.append(batch(T0, "other"), 0);
        AppendResult first = log.append(idempotent(PID, EPOCH, 0, "a", "b"), 0);
        log.append(idempotent(PID, EPOCH, 2, "c"), 0);
        long endBefore = log.logEndOffset();
        long sizeBefore = log.size();

        AppendResult retry = log.append(idempotent(PID, EPOCH, 0, "a", "b"), 0);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(first.baseOffset()).isEqualTo(1);
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(endBefore);
        assertThat(log.size()).isEqualTo(sizeBefore);
    }

    @Test
    void onlyTheLastFiveBatchesAreRemembered() {
        open(LogCheckpoints.clean());
        for (int seq = 0; seq < 6; seq++) {
            log.append(idempotent(PID, EPOCH, seq, "r" + seq), 0);
        }
        assertThat(log.append(idempotent(PID, EPOCH, 1, "r1"), 0).duplicate()).isTrue();
        assertThatThrownBy(() -> log.append(idempotent(PID, EPOCH, 0, "r0"), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void aSequenceGapIsOutOfOrderAndNothingIsAppended() {
        open(LogCheckpoints.clean());
        log.append(idempotent(PID, EPOCH, 0, "a", "b"), 0);
        long endBefore = log.logEndOffset();

        assertThatThrownBy(() -> log.append(idempotent(PID, EPOCH, 5, "x"), 0))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("sent sequence 5, expected 2");
        assertThat(log.logEndOffset()).isEqualTo(endBefore);
        assertThat(log.append(idempotent(PID, EPOCH, 2, "c"), 0).baseOffset()).isEqualTo(2);
    }

    @Test
    void epochsAreFencedAndANewEpochStartsAtZero() {
        open(LogCheckpoints.clean());
        log.append(idempotent(PID, EPOCH, 0, "a"), 0);

        assertThatThrownBy(() -> log.append(idempotent(PID, (short) (EPOCH - 1), 1, "old"), 0))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> log.append(idempotent(PID, (short) (EPOCH + 1), 1, "new"), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.append(idempotent(PID, (short) (EPOCH + 1), 0, "new"), 0).duplicate()).isFalse();
    }

    @Test
    void sequencesWrapAroundAfterIntegerMax() {
        // a log whose start moved on, so that the producer may be met first at its last sequence
        open(new LogCheckpoints(true, 5, 5, 5));
        log.append(idempotent(PID, EPOCH, Integer.MAX_VALUE, "last"), 0);
        assertThat(log.append(idempotent(PID, EPOCH, 0, "wrapped"), 0).duplicate()).isFalse();
    }

    @Test
    void aProducerNewToAWholeLogMustStartAtSequenceZero() {
        open(LogCheckpoints.clean());
        assertThatThrownBy(() -> log.append(idempotent(PID, EPOCH, 17, "pipelined"), 0))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("must start at sequence 0");
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.append(idempotent(PID, EPOCH, 0, "first"), 0).baseOffset()).isZero();
    }

    @Test
    void anUnknownProducerIsAcceptedAtAnySequenceOnceRetentionRemovedHistory() {
        open(new LogCheckpoints(true, 5, 5, 5));
        assertThat(log.logStartOffset()).isEqualTo(5);
        assertThat(log.append(idempotent(PID, EPOCH, 17, "a"), 0).baseOffset()).isEqualTo(5);
        assertThat(log.append(idempotent(PID, EPOCH, 18, "b"), 0).baseOffset()).isEqualTo(6);
    }

    private static final long EXPIRATION_MS = 86_400_000L;

    @Test
    void aProducerIdleForTheExpirationIsDroppedAndItsSnapshotsShrink() throws Exception {
        open(LogCheckpoints.clean());
        for (long pid = 1; pid <= 100; pid++) {
            log.append(idempotent(pid, EPOCH, 0, "p" + pid), 0);
        }
        clock.advance(EXPIRATION_MS - 1);
        log.append(idempotent(PID, EPOCH, 0, "active"), 0);

        assertThat(log.removeExpiredProducers(clock.millis(), EXPIRATION_MS)).as("one ms short").isZero();
        clock.advance(1);
        assertThat(log.removeExpiredProducers(clock.millis(), EXPIRATION_MS)).isEqualTo(100);

        assertThat(log.producerState(1)).isEmpty();
        assertThat(log.producerState(PID)).as("appended within the period").isPresent();
        log.roll();
        Path snapshot = LogFileNames.snapshotFile(tempDir.resolve("p-0"), log.logEndOffset());
        assertThat(Files.size(snapshot)).as("header and one producer with one batch").isEqualTo(11 + 22 + 24);
    }

    @Test
    void aProducerBackAfterExpiryIsNewAndAcceptedAtItsNextSequence() {
        open(LogCheckpoints.clean());
        log.append(idempotent(PID, EPOCH, 0, "a", "b"), 0);
        clock.advance(EXPIRATION_MS);
        log.removeExpiredProducers(clock.millis(), EXPIRATION_MS);

        AppendResult next = log.append(idempotent(PID, EPOCH, 2, "c"), 0);

        assertThat(next.duplicate()).isFalse();
        assertThat(next.baseOffset()).isEqualTo(2);
        assertThat(log.logStartOffset()).as("the whole history is in the log, yet the state is not").isZero();
        assertThatThrownBy(() -> log.append(idempotent(PID, EPOCH, 4, "gap"), 0))
                .as("known again: its sequence is checked again").isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void expiryAndAppendTimesSurviveARestart() {
        open(LogCheckpoints.clean());
        log.append(idempotent(PID, EPOCH, 0, "a"), 0);
        log.append(idempotent(PID + 1, EPOCH, 0, "b"), 0);
        clock.advance(EXPIRATION_MS / 2);
        log.append(idempotent(PID + 1, EPOCH, 1, "b2"), 0);
        clock.advance(EXPIRATION_MS / 2);
        assertThat(log.removeExpiredProducers(clock.millis(), EXPIRATION_MS)).isEqualTo(1);
        log.close();

        open(LogCheckpoints.clean());

        assertThat(log.producerState(PID)).isEmpty();
        assertThat(log.producerState(PID + 1)).hasValueSatisfying(entry -> assertThat(entry.lastSequence()).isEqualTo(1));
        assertThat(log.append(idempotent(PID + 2, EPOCH, 9, "unknown"), 0).duplicate())
                .as("after an expiry an unknown producer may start anywhere, also after a restart").isFalse();
        clock.advance(EXPIRATION_MS / 2 - 1);
        assertThat(log.removeExpiredProducers(clock.millis(), EXPIRATION_MS)).as("its append time was kept").isZero();
        clock.advance(1);
        assertThat(log.removeExpiredProducers(clock.millis(), EXPIRATION_MS)).isEqualTo(1);
        assertThat(log.producerState(PID + 1)).isEmpty();
    }

    @Test
    void producerStateSurvivesACleanRestart() {
        open(LogCheckpoints.clean());
        for (int i = 0; i < 8; i++) {
            log.append(idempotent(PID, EPOCH, 2 * i, "r" + i, "s" + i), 0);
        }
        AppendResult last = log.append(idempotent(PID, EPOCH, 16, "r8"), 0);
        log.close();

        open(LogCheckpoints.clean());

        assertThat(log.producerState(PID)).hasValueSatisfying(entry -> assertThat(entry.lastSequence()).isEqualTo(16));
        AppendResult retry = log.append(idempotent(PID, EPOCH, 16, "r8"), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(last.baseOffset());
        assertThatThrownBy(() -> log.append(idempotent(PID, EPOCH, 18, "gap"), 0)).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void producerStateSurvivesACrashByReplayingTheLogAfterTheLastSnapshot() {
        open(LogCheckpoints.clean());
        for (int i = 0; i < 8; i++) {
            log.append(idempotent(PID, EPOCH, 2 * i, "r" + i, "s" + i), 0);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(2);
        long recoveryPoint = log.recoveryPoint();
        AppendResult last = log.append(idempotent(PID, EPOCH, 16, "r8"), 0);
        PartitionLog crashed = log;

        open(LogCheckpoints.unclean(recoveryPoint));

        AppendResult retry = log.append(idempotent(PID, EPOCH, 16, "r8"), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(last.baseOffset());
        assertThat(log.append(idempotent(PID, EPOCH, 17, "r9"), 0).baseOffset()).isEqualTo(last.lastOffset() + 1);
        assertThat(crashed).isNotSameAs(log);
    }
}

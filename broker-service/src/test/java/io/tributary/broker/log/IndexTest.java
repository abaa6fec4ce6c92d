package io.tributary.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {

    @TempDir
    Path dir;

    @Test
    void offsetIndexFindsTheGreatestEntryAtOrBelowTheTarget() {
        OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000000100.index"), 100, 1024, StorageIo.DEFAULT);
        index.append(105, 0);
        index.append(110, 400);
        index.append(130, 900);

        assertThat(index.lookup(99)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        assertThat(index.lookup(104)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        assertThat(index.lookup(105)).isEqualTo(new OffsetIndex.OffsetPosition(105, 0));
        assertThat(index.lookup(129)).isEqualTo(new OffsetIndex.OffsetPosition(110, 400));
        assertThat(index.lookup(1_000)).isEqualTo(new OffsetIndex.OffsetPosition(130, 900));
        assertThatThrownBy(() -> index.append(130, 1000)).isInstanceOf(IllegalStateException.class);
        index.close();
    }

    @Test
    void offsetIndexIsPreallocatedThenTrimmedAndReopensWithItsEntries() throws Exception {
        Path file = dir.resolve("00000000000000000000.index");
        OffsetIndex index = new OffsetIndex(file, 0, 800, StorageIo.DEFAULT);
        assertThat(Files.size(file)).isEqualTo(800);
        assertThat(index.maxEntries()).isEqualTo(100);
        index.append(3, 100);
        index.append(9, 300);
        index.close();
        assertThat(Files.size(file)).as("8 bytes per entry").isEqualTo(16);

        OffsetIndex reopened = new OffsetIndex(file, 0, 800, StorageIo.DEFAULT);
        assertThat(reopened.entries()).isEqualTo(2);
        assertThat(reopened.isConsistent()).isTrue();
        assertThat(reopened.lookup(10)).isEqualTo(new OffsetIndex.OffsetPosition(9, 300));
        reopened.truncateTo(9);
        assertThat(reopened.entries()).isEqualTo(1);
        reopened.close();
    }

    @Test
    void aPreallocatedIndexLeftByACrashIsDetected() throws Exception {
        Path file = dir.resolve("00000000000000000000.index");
        OffsetIndex index = new OffsetIndex(file, 0, 800, StorageIo.DEFAULT);
        index.append(3, 100);
        index.flush();
        // no close: the file keeps its preallocated zeros, as after a crash

        OffsetIndex afterCrash = new OffsetIndex(file, 0, 800, StorageIo.DEFAULT);
        assertThat(afterCrash.entries()).isEqualTo(100);
        assertThat(afterCrash.isConsistent()).isFalse();
        afterCrash.reset();
        assertThat(afterCrash.entries()).isZero();
        afterCrash.close();
        index.close();
    }

    @Test
    void timeIndexRecordsOnlyGrowingTimestampsAndLooksUpTheGreatestAtOrBelow() throws Exception {
        Path file = dir.resolve("00000000000000000050.timeindex");
        TimeIndex index = new TimeIndex(file, 50, 120, StorageIo.DEFAULT);
        index.maybeAppend(1_000, 52);
        index.maybeAppend(900, 55);
        index.maybeAppend(2_000, 60);
        assertThat(index.entries()).isEqualTo(2);

        assertThat(index.lookup(999)).isEqualTo(new TimeIndex.TimestampOffset(-1, 50));
        assertThat(index.lookup(1_500)).isEqualTo(new TimeIndex.TimestampOffset(1_000, 52));
        assertThat(index.lookup(5_000)).isEqualTo(new TimeIndex.TimestampOffset(2_000, 60));
        assertThat(index.lastEntry()).isEqualTo(new TimeIndex.TimestampOffset(2_000, 60));

        index.truncateTo(60);
        assertThat(index.lastEntry()).isEqualTo(new TimeIndex.TimestampOffset(1_000, 52));
        index.close();
        assertThat(Files.size(file)).as("12 bytes per entry").isEqualTo(12);
    }
}

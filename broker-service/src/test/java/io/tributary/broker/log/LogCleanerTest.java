package io.tributary.broker.log;

import static io.tributary.broker.log.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LogCleanerTest {

    private static final long DELETE_RETENTION_MS = 60_000;

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<PartitionLog> opened = new ArrayList<>();
    private PartitionLog log;
    private LogCleaner cleaner;
    /** What was appended: offset → key and value (null for a tombstone). */
    private final TreeMap<Long, String[]> appended = new TreeMap<>();

    @AfterEach
    void closeLogs() {
        for (PartitionLog l : opened) {
            try {
                l.close();
            } catch (RuntimeException ignored) {
                // a log abandoned by a simulated crash
            }
        }
    }

    private PartitionLog open(LogCheckpoints checkpoints) {
        return openAt("t-0", checkpoints);
    }

    private PartitionLog openAt(String dirName, LogCheckpoints checkpoints) {
        LogConfig config = TestRecords.config(Map.of(
                LogConfig.CLEANUP_POLICY, "compact",
                LogConfig.SEGMENT_BYTES, "16384",
                LogConfig.INDEX_INTERVAL_BYTES, "512",
                LogConfig.SEGMENT_INDEX_BYTES, "4096",
                LogConfig.DELETE_RETENTION_MS, String.valueOf(DELETE_RETENTION_MS)));
        log = PartitionLog.open(tempDir.resolve(dirName), "t", 0, config, clock, checkpoints);
        opened.add(log);
        PartitionLog current = log;
        cleaner = new LogCleaner(() -> List.of(current));
        return log;
    }

    /** Appends {@code count} updates cycling over {@code keys} keys, ten records a batch; record i has timestamp T0 + offset. */
    private void appendUpdates(int count, int keys) {
        for (int i = 0; i < count; i += 10) {
            List<String[]> batch = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 10); j++) {
                long offset = log.logEndOffset() + (j - i);
                batch.add(new String[] {"k" + (j % keys), "v" + offset});
            }
            append(batch);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    private void append(List<String[]> keyValues) {
        long base = log.logEndOffset();
        SimpleRecord[] records = new SimpleRecord[keyValues.size()];
        for (int i = 0; i < records.length; i++) {
            String[] kv = keyValues.get(i);
            records[i] = new SimpleRecord(T0 + base + i, bytes(kv[0]), bytes(kv[1]));
            appended.put(base + i, kv);
        }
        log.append(MemoryRecords.withRecords(Compression.NONE, records), 0);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every record from the log start to the high watermark, as a consumer reading from the beginning sees it. */
    private List<Record> readAll(PartitionLog from) {
        List<Record> records = new ArrayList<>();
        long offset = from.logStartOffset();
        while (offset < from.highWatermark()) {
            Records read = from.read(offset, 64 * 1024, from.highWatermark(), true).records();
            long next = offset;
            for (RecordBatch batch : read.batches()) {
                for (Record record : batch) {
                    records.add(record);
                }
                next = batch.nextOffset();
            }
            assertThat(next).as("reading progresses past %s", offset).isGreaterThan(offset);
            offset = next;
        }
        return records;
    }

    /** The latest value of every key after the given records are applied in order. */
    private static Map<String, String> latest(List<Record> records) {
        Map<String, String> latest = new HashMap<>();
        for (Record record : records) {
            String key = StandardCharsets.UTF_8.decode(record.key()).toString();
            if (record.hasValue()) {
                latest.put(key, StandardCharsets.UTF_8.decode(record.value()).toString());
            } else {
                latest.remove(key);
            }
        }
        return latest;
    }

    private Map<String, String> expectedLatest() {
        Map<String, String> latest = new HashMap<>();
        appended.values().forEach(kv -> {
            if (kv[1] == null) {
                latest.remove(kv[0]);
            } else {
                latest.put(kv[0], kv[1]);
            }
        });
        return latest;
    }

    private static void assertOriginalOffsetsAndOrder(List<Record> records) {
        long previous = -1;
        for (Record record : records) {
            assertThat(record.offset()).isGreaterThan(previous);
            previous = record.offset();
            if (record.hasValue()) {
                assertThat(StandardCharsets.UTF_8.decode(record.value()).toString())
                        .as("a record keeps its original offset").isEqualTo("v" + record.offset());
            }
        }
    }

    private List<String> leftoverFiles() throws Exception {
        try (Stream<Path> files = Files.list(tempDir.resolve("t-0"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(LogFileNames.CLEANED_SUFFIX) || n.endsWith(LogFileNames.SWAP_SUFFIX))
                    .toList();
        }
    }

    private byte[] activeSegmentBytes() throws Exception {
        return Files.readAllBytes(LogFileNames.logFile(tempDir.resolve("t-0"), lastSegmentBase()));
    }

    @Test
    void hundredThousandUpdatesOverAThousandKeysShrinkToTheLatestOfEachKey() throws Exception {
        open(LogCheckpoints.clean());
        appendUpdates(100_000, 1_000);
        long logEnd = log.logEndOffset();
        int segmentsBefore = log.numberOfSegments();
        byte[] activeBefore = activeSegmentBytes();
        long activeRecords = readAll(log).stream().filter(r -> r.offset() >= lastSegmentBase()).count();
        Records heldByAReader = log.read(0, 64 * 1024, log.highWatermark(), true).records();

        Optional<CleanResult> result = cleaner.clean(log, clock.millis());

        assertThat(result).isPresent();
        assertThat(result.get().recordsRead()).isEqualTo(100_000 - activeRecords);
        assertThat(result.get().recordsRetained()).isEqualTo(1_000);
        List<Record> records = readAll(log);
        assertThat(records).hasSize((int) (1_000 + activeRecords));
        assertOriginalOffsetsAndOrder(records);
        assertThat(latest(records)).isEqualTo(expectedLatest());
        assertThat(log.logEndOffset()).as("log end offset unchanged").isEqualTo(logEnd);
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.numberOfSegments()).isLessThan(segmentsBefore / 10);
        assertThat(activeSegmentBytes()).as("the active segment is untouched").isEqualTo(activeBefore);
        assertThat(leftoverFiles()).isEmpty();
        assertThat(TestRecords.offsets(heldByAReader)).as("a slice read before the swap still reads").startsWith(0L, 1L, 2L);

        assertThat(cleaner.cleanAll(clock.millis())).as("nothing dirty, no tombstone: nothing to do").isEmpty();
        assertThat(cleaner.clean(log, clock.millis()).orElseThrow().recordsRetained()).as("a second pass keeps the same").isEqualTo(1_000);
        assertThat(readAll(log)).hasSize((int) (1_000 + activeRecords));
    }

    private long lastSegmentBase() {
        try (Stream<Path> files = Files.list(tempDir.resolve("t-0"))) {
            return files.map(f -> LogFileNames.offsetFromFileName(f, ".log")).filter(o -> o.isPresent())
                    .mapToLong(o -> o.getAsLong()).max().orElseThrow();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void indexesAnswerOffsetAndTimeLookupsAfterCleaning() {
        open(LogCheckpoints.clean());
        appendUpdates(20_000, 300);
        cleaner.clean(log, clock.millis()).orElseThrow();

        List<Long> surviving = readAll(log).stream().map(Record::offset).toList();
        java.util.TreeSet<Long> survivors = new java.util.TreeSet<>(surviving);
        for (long offset = 0; offset < log.logEndOffset(); offset += 37) {
            Long expected = survivors.ceiling(offset);
            RecordBatch first = log.read(offset, 1, log.highWatermark(), true).records().batches().iterator().next();
            assertThat(first.lastOffset()).as("batch found for offset %s", offset).isGreaterThanOrEqualTo(offset);
            long firstRecordAtOrAfter = -1;
            for (Record record : first) {
                if (record.offset() >= offset) {
                    firstRecordAtOrAfter = record.offset();
                    break;
                }
            }
            if (firstRecordAtOrAfter >= 0) {
                assertThat(firstRecordAtOrAfter).isEqualTo(expected);
            }
            Optional<TimestampOffset> byTime = log.offsetForTimestamp(T0 + offset);
            assertThat(byTime).isPresent();
            assertThat(byTime.get().offset()).as("time lookup of T0+%s", offset).isEqualTo(expected);
            assertThat(byTime.get().timestamp()).isEqualTo(T0 + expected);
        }
        assertThat(log.maxTimestampAndOffset().orElseThrow().offset()).isEqualTo(log.logEndOffset() - 1);
    }

    @Test
    void tombstonesGoOnlyAfterDeleteRetentionMsOnTheClock() {
        open(LogCheckpoints.clean());
        append(List.<String[]>of(new String[] {"a", "v0"}, new String[] {"b", "v1"}, new String[] {"c", "v2"}));
        append(List.<String[]>of(new String[] {"a", null}));
        log.roll();
        append(List.<String[]>of(new String[] {"c", "v4"}));
        log.updateHighWatermark(log.logEndOffset());

        cleaner.clean(log, clock.millis()).orElseThrow();
        assertThat(keysAndValues()).containsExactly("b=v1", "c=v2", "a=null", "c=v4");

        clock.advance(DELETE_RETENTION_MS - 1);
        assertThat(cleaner.cleanAll(clock.millis())).as("no tombstone due yet").isEmpty();
        cleaner.clean(log, clock.millis()).orElseThrow();
        assertThat(keysAndValues()).as("a forced pass before the horizon keeps it").contains("a=null");

        clock.advance(1);
        assertThat(cleaner.cleanAll(clock.millis())).hasSize(1);
        assertThat(keysAndValues()).containsExactly("b=v1", "c=v2", "c=v4");
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    private List<String> keysAndValues() {
        return keyValues(readAll(log));
    }

    @Test
    void cleanIfDirtyWaitsForMinCleanableDirtyRatio() {
        open(LogCheckpoints.clean());
        appendUpdates(10_000, 2_000);
        assertThat(cleaner.cleanIfDirty(clock.millis())).hasSize(1);
        appendUpdates(500, 2_000);
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        assertThat(cleaner.cleanIfDirty(clock.millis())).as("a little dirt is below the 0.5 ratio").isEmpty();
        assertThat(cleaner.cleanAll(clock.millis())).hasSize(1);
        assertThat(latest(readAll(log))).isEqualTo(expectedLatest());
    }

    @ParameterizedTest
    @EnumSource(SwapHook.Step.class)
    void aCrashDuringTheSwapRecoversToAConsistentLogWithNothingLost(SwapHook.Step crashAt) throws Exception {
        open(LogCheckpoints.clean());
        appendUpdates(20_000, 200);
        append(List.<String[]>of(new String[] {"k7", null}));
        log.roll();
        appendUpdates(100, 200);
        long logEnd = log.logEndOffset();
        long recoveryPoint = log.recoveryPoint();
        int recordsBefore = readAll(log).size();
        cleaner.swapHook(step -> {
            if (step == crashAt) {
                throw new SimulatedCrash();
            }
        });

        assertThatThrownBy(() -> cleaner.clean(log, clock.millis())).isInstanceOf(SimulatedCrash.class);
        assertThat(leftoverFiles()).isNotEmpty();
        opened.remove(log);

        PartitionLog recovered = open(LogCheckpoints.unclean(recoveryPoint));
        assertThat(leftoverFiles()).isEmpty();
        assertThat(recovered.logEndOffset()).isEqualTo(logEnd);
        recovered.updateHighWatermark(logEnd);
        List<Record> records = readAll(recovered);
        assertOriginalOffsetsAndOrder(records);
        assertThat(latest(records)).as("no data lost").isEqualTo(expectedLatest());
        if (crashAt == SwapHook.Step.CLEANED_WRITTEN) {
            assertThat(records).as("an uncommitted pass changes nothing").hasSize(recordsBefore);
        } else {
            assertThat(records.size()).as("a committed pass is finished").isLessThan(recordsBefore / 10);
        }

        cleaner.clean(recovered, clock.millis()).orElseThrow();
        List<Record> cleaned = readAll(recovered);
        assertOriginalOffsetsAndOrder(cleaned);
        assertThat(latest(cleaned)).isEqualTo(expectedLatest());
        assertThat(leftoverFiles()).isEmpty();
    }

    @Test
    void aRecordWithoutKeyIsRefusedByACompactedTopic() {
        open(LogCheckpoints.clean());
        MemoryRecords noKey = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(T0, null, bytes("v")));
        assertThatThrownBy(() -> log.append(noKey, 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("Compacted topic cannot accept message without key in topic partition t-0.")
                .satisfies(e -> assertThat(Errors.forException(e)).isEqualTo(Errors.INVALID_RECORD));
        MemoryRecords compressed = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord(T0, bytes("k"), bytes("v")), new SimpleRecord(T0, null, bytes("v")));
        assertThatThrownBy(() -> log.append(compressed, 0)).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();

        PartitionLog plain = PartitionLog.open(tempDir.resolve("u-0"), "u", 0, LogConfig.defaults(), clock, LogCheckpoints.clean());
        opened.add(plain);
        assertThat(plain.append(noKey, 0).lastOffset()).as("a delete topic takes records without key").isZero();
    }

    @Test
    void compactDeleteAlsoRunsRetentionAndKeepsProducerBatches() {
        open(LogCheckpoints.clean());
        log.updateConfig(log.config().withOverrides(Map.of(LogConfig.CLEANUP_POLICY, "compact,delete",
                LogConfig.RETENTION_MS, "1000")));
        MemoryRecords idempotent = MemoryRecords.withIdempotentRecords(Compression.NONE, 42L, (short) 0, 0,
                new SimpleRecord(T0, bytes("k0"), bytes("v0")));
        log.append(idempotent, 0);
        appended.put(0L, new String[] {"k0", "v0"});
        appendUpdates(2_000, 10);
        log.roll();
        log.updateHighWatermark(log.logEndOffset());

        cleaner.clean(log, clock.millis()).orElseThrow();
        RecordBatch first = log.read(0, 1, log.highWatermark(), true).records().batches().iterator().next();
        assertThat(first.producerId()).as("the producer's only batch is kept, emptied").isEqualTo(42L);
        assertThat(first.baseOffset()).isZero();
        assertThat(first.lastOffset()).isZero();

        clock.advance(1_000_000);
        assertThat(log.deleteRetentionMsBreachedSegments(clock.millis())).isPositive();
        assertThat(log.logStartOffset()).isEqualTo(log.logEndOffset());
    }

    @Test
    void logManagerCleansAndCheckpointsHowFar() {
        LogManager manager = new LogManager(List.of(tempDir.resolve("data")), LogConfig.defaults(), clock);
        manager.startup();
        log = manager.getOrCreate("c", 0, TestRecords.config(Map.of(LogConfig.CLEANUP_POLICY, "compact",
                LogConfig.SEGMENT_BYTES, "4096")));
        appendUpdates(2_000, 10);
        manager.cleanLogs(clock.millis());
        long cleanedUpTo = log.cleanerCheckpoint();
        assertThat(cleanedUpTo).isPositive();
        manager.shutdown();
        assertThat(OffsetCheckpointFile.read(tempDir.resolve("data").resolve(LogFileNames.CLEANER_OFFSET_CHECKPOINT)))
                .containsEntry(new org.apache.kafka.common.TopicPartition("c", 0), cleanedUpTo);

        LogManager again = new LogManager(List.of(tempDir.resolve("data")), LogConfig.defaults(), clock);
        again.startup();
        assertThat(again.get("c", 0).orElseThrow().cleanerCheckpoint()).isEqualTo(cleanedUpTo);
        again.shutdown();
    }

    @Test
    void aKeyMapSmallerThanTheDirtyPartCleansInTwoPassesToWhatOnePassGives() {
        PartitionLog whole = openAt("u-0", LogCheckpoints.clean());
        appendUpdates(2_000, 1_000);
        cleaner.clean(whole, clock.millis()).orElseThrow();
        PartitionLog small = open(LogCheckpoints.clean());
        appendUpdates(2_000, 1_000);
        long cleanableEnd = lastSegmentBase();
        assertThat(cleanableEnd).as("two closed segments").isBetween(1_200L, 1_600L);
        // 800 keys: the first 800 offsets fill it, the rest of the closed segments holds fewer than 800 keys
        cleaner = new LogCleaner(() -> List.of(small), new CleanerConfig(801 * OffsetMap.ENTRY_BYTES, 1.0));

        CleanResult first = cleaner.clean(small, clock.millis()).orElseThrow();

        assertThat(first.cleanedUpTo()).as("the first offset the full map left out").isEqualTo(800);
        assertThat(small.cleanerCheckpoint()).isEqualTo(800);
        assertThat(latest(readAll(small))).isEqualTo(expectedLatest());
        assertOriginalOffsetsAndOrder(readAll(small));

        CleanResult second = cleaner.cleanAll(clock.millis()).get(0);

        assertThat(second.cleanedUpTo()).isEqualTo(cleanableEnd);
        assertThat(cleaner.cleanAll(clock.millis())).as("clean to the end after two passes").isEmpty();
        assertThat(keyValues(readAll(small))).isEqualTo(keyValues(readAll(whole)));
        assertThat(readAll(small).stream().map(Record::offset).toList())
                .isEqualTo(readAll(whole).stream().map(Record::offset).toList());
    }

    @Test
    void aTombstoneBeyondWhatTheMapCoveredStaysUntilItsKeyIsMapped() {
        open(LogCheckpoints.clean());
        append(List.<String[]>of(new String[] {"a", "v0"}));
        for (int i = 1; i <= 250; i += 10) {
            List<String[]> fillers = new ArrayList<>();
            for (int j = i; j < i + 10 && j <= 250; j++) {
                fillers.add(new String[] {"f" + j, "v" + (log.logEndOffset() + fillers.size())});
            }
            append(fillers);
        }
        append(List.<String[]>of(new String[] {"a", null}));
        log.roll();
        append(List.<String[]>of(new String[] {"z", "v252"}));
        log.updateHighWatermark(log.logEndOffset());
        cleaner = new LogCleaner(() -> List.of(log), new CleanerConfig(101 * OffsetMap.ENTRY_BYTES, 1.0));

        assertThat(cleaner.clean(log, clock.millis()).orElseThrow().cleanedUpTo()).isEqualTo(100);
        assertThat(keysAndValues()).as("stamped with a delete horizon, not removed").contains("a=v0", "a=null");

        clock.advance(DELETE_RETENTION_MS);
        assertThat(cleaner.clean(log, clock.millis()).orElseThrow().cleanedUpTo()).isEqualTo(200);
        assertThat(latest(readAll(log))).as("the tombstone past the mapped part still hides a=v0")
                .doesNotContainKey("a").isEqualTo(expectedLatest());

        assertThat(cleaner.clean(log, clock.millis()).orElseThrow().cleanedUpTo()).isEqualTo(252);
        assertThat(keysAndValues()).noneMatch(kv -> kv.startsWith("a="));
        assertThat(latest(readAll(log))).isEqualTo(expectedLatest());
    }

    private static List<String> keyValues(List<Record> records) {
        return records.stream().map(r -> StandardCharsets.UTF_8.decode(r.key()) + "="
                + (r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : "null")).toList();
    }

    /** Thrown from the swap hook: an Error, so that nothing on the way cleans up, as after a real crash. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    @SuppressWarnings("unused")
    private static Map<String, String> ordered(Map<String, String> map) {
        return new LinkedHashMap<>(new TreeMap<>(map));
    }
}

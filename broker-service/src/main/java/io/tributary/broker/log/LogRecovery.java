package io.tributary.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a partition directory into segments and producer state, recovering what a crash may have damaged.
 *
 * <p>After an unclean shutdown every segment holding offsets at or above the recovery point is re-validated
 * batch by batch ({@link LogSegment#recover()}); the first invalid batch and everything after it, including
 * later segments, is removed, and nothing valid before it is lost. Segments below the recovery point were
 * flushed, so only their indexes are checked and rebuilt if they look damaged. Producer state comes from the
 * newest snapshot the recovered log still covers (snapshots past the checkpointed recovery point are not
 * trusted), then the batches after it are replayed.
 *
 * <p>Compaction leftovers: {@code .cleaned} files are a pass that had not committed, and are deleted (the
 * originals are intact). A {@code <base>.log.swap} is a committed cleaned segment: every original segment whose base
 * offset lies in its offset range is deleted and it takes its final name; its indexes are rebuilt. Swaps commit
 * oldest first, so the committed ones are always a prefix of a pass and the log stays consistent.
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /** The loaded state of a partition. */
    record LoadedLog(LogSegments segments, long logEndOffset, long logStartOffset, long recoveryPoint) {
    }

    private LogRecovery() {
    }

    static LoadedLog load(StorageIo io, Path dir, LogConfig config, long nowMs, LogCheckpoints checkpoints,
                          ProducerStateManager producerState) {
        StorageErrors.run("creating", dir, () -> Files.createDirectories(dir));
        List<Long> baseOffsets = scanDirectory(dir);
        LogSegments segments = new LogSegments();
        Set<Long> missingIndexes = new HashSet<>();
        for (long baseOffset : baseOffsets) {
            if (!Files.exists(LogFileNames.offsetIndexFile(dir, baseOffset)) || !Files.exists(LogFileNames.timeIndexFile(dir, baseOffset))) {
                missingIndexes.add(baseOffset);
            }
            segments.add(LogSegment.open(io, dir, baseOffset, config, nowMs));
        }
        if (segments.isEmpty()) {
            segments.add(LogSegment.open(io, dir, Math.max(0, checkpoints.logStartOffset()), config, nowMs));
        }
        boolean recovered = recoverSegments(segments, checkpoints, missingIndexes);
        segments.active().becomeActive(config.segmentIndexBytes());
        long logEndOffset = segments.active().readNextOffset();
        long recoveryPoint = Math.min(checkpoints.recoveryPoint(), logEndOffset);
        if (recovered) {
            for (LogSegment segment : segments.from(checkpoints.recoveryPoint())) {
                segment.flush();
            }
            recoveryPoint = logEndOffset;
        }
        long logStartOffset = Math.min(Math.max(checkpoints.logStartOffset(), segments.first().baseOffset()), logEndOffset);

        if (!checkpoints.cleanShutdown()) {
            producerState.deleteSnapshotsAbove(checkpoints.recoveryPoint());
        }
        producerState.deleteSnapshotsAbove(logEndOffset);
        rebuildProducerState(segments, producerState, logEndOffset);
        return new LoadedLog(segments, logEndOffset, logStartOffset, recoveryPoint);
    }

    /** Loads the newest usable snapshot at or below {@code logEndOffset} and replays the batches after it. */
    static void rebuildProducerState(LogSegments segments, ProducerStateManager producerState, long logEndOffset) {
        long from = producerState.loadLatestSnapshot(logEndOffset).orElse(segments.first().baseOffset());
        for (LogSegment segment : segments.from(from)) {
            LogOffsetPosition start = segment.translateOffset(from, 0);
            if (start == null) {
                continue;
            }
            for (FileChannelRecordBatch batch : segment.records().batchesFrom(start.position)) {
                if (batch.baseOffset() >= from) {
                    producerState.replay(batch);
                }
            }
        }
    }

    /** @return whether any segment was re-validated */
    private static boolean recoverSegments(LogSegments segments, LogCheckpoints checkpoints, Set<Long> missingIndexes) {
        boolean recovered = false;
        List<LogSegment> all = new ArrayList<>(segments.all());
        for (int i = 0; i < all.size(); i++) {
            LogSegment segment = all.get(i);
            boolean isLast = i == all.size() - 1;
            boolean pastRecoveryPoint = isLast || all.get(i + 1).baseOffset() > checkpoints.recoveryPoint();
            int truncated;
            // the active segment is re-validated even after a clean shutdown: it is the file a torn write or foreign
            // bytes appended while the broker was down would damage, and a bad tail must not precede new appends
            if ((!checkpoints.cleanShutdown() && pastRecoveryPoint) || isLast) {
                truncated = segment.recover();
                recovered = true;
            } else if (missingIndexes.contains(segment.baseOffset()) || !segment.indexesAreConsistent()) {
                LOG.warn("Rebuilding the indexes of {}", segment.file());
                truncated = segment.recover();
            } else {
                continue;
            }
            if (!isLast) {
                segment.becomeInactive();
            }
            if (truncated > 0) {
                LOG.warn("Removed {} invalid bytes from {}", truncated, segment.file());
                for (LogSegment later : all.subList(i + 1, all.size())) {
                    LOG.warn("Removing segment {} after the invalid data", later.file());
                    segments.remove(later);
                    later.deleteFiles();
                    later.closeHandles();
                }
                break;
            }
        }
        return recovered;
    }

    /**
     * Removes what a crash can leave half-done (temporary files, index files without a log) and returns the
     * base offsets of the segments found, in order.
     */
    private static List<Long> scanDirectory(Path dir) {
        if (finishCleanerLeftovers(dir, list(dir))) {
            LOG.warn("Finished an interrupted swap of cleaned segments in {}", dir);
        }
        List<Path> files = list(dir);
        List<Long> baseOffsets = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            OptionalLong logBase = LogFileNames.offsetFromFileName(file, LogFileNames.LOG_SUFFIX);
            if (logBase.isPresent()) {
                baseOffsets.add(logBase.getAsLong());
            } else if (name.endsWith(LogFileNames.TEMP_SUFFIX) || isOrphanIndex(dir, file)) {
                StorageErrors.run("deleting leftover", file, () -> Files.deleteIfExists(file));
            }
        }
        baseOffsets.sort(null);
        return baseOffsets;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.sorted().toList();
        } catch (IOException e) {
            throw StorageErrors.wrap("listing", dir, e);
        }
    }

    /** @return whether a committed swap was finished */
    private static boolean finishCleanerLeftovers(Path dir, List<Path> files) {
        String logSwapSuffix = LogFileNames.LOG_SUFFIX + LogFileNames.SWAP_SUFFIX;
        boolean finished = false;
        for (Path file : files) {
            if (file.getFileName().toString().endsWith(LogFileNames.CLEANED_SUFFIX)) {
                StorageErrors.run("deleting uncommitted cleaned file", file, () -> Files.deleteIfExists(file));
            }
        }
        for (Path file : files) {
            OptionalLong base = LogFileNames.offsetFromFileName(file, logSwapSuffix);
            if (base.isPresent()) {
                finishSwap(dir, file, base.getAsLong());
                finished = true;
            }
        }
        for (Path file : files) {
            if (file.getFileName().toString().endsWith(LogFileNames.SWAP_SUFFIX)) {
                StorageErrors.run("deleting swapped index", file, () -> Files.deleteIfExists(file));
            }
        }
        if (finished) {
            StorageErrors.run("flushing directory", dir, () -> Utils.flushDir(dir));
        }
        return finished;
    }

    private static void finishSwap(Path dir, Path swapLog, long base) {
        long end = Math.max(base + 1, nextOffsetOf(swapLog, base));
        for (long original : originalBaseOffsets(dir)) {
            if (original >= base && original < end) {
                LOG.warn("Deleting segment {} of {}, replaced by the committed cleaned segment {}", original, dir, swapLog);
                deleteSegmentFiles(dir, original);
            }
        }
        deleteSegmentFiles(dir, base);
        Path target = LogFileNames.logFile(dir, base);
        StorageErrors.run("renaming", swapLog, () -> Utils.atomicMoveWithFallback(swapLog, target, false));
    }

    private static long nextOffsetOf(Path logFile, long base) {
        FileRecords records = StorageErrors.call("opening", logFile, () -> FileRecords.open(logFile.toFile(), false));
        try {
            long next = base;
            for (FileChannelRecordBatch batch : records.batches()) {
                next = batch.nextOffset();
            }
            return next;
        } finally {
            StorageErrors.run("closing", logFile, records::close);
        }
    }

    private static List<Long> originalBaseOffsets(Path dir) {
        List<Long> offsets = new ArrayList<>();
        for (Path file : list(dir)) {
            LogFileNames.offsetFromFileName(file, LogFileNames.LOG_SUFFIX).ifPresent(offsets::add);
        }
        return offsets;
    }

    private static void deleteSegmentFiles(Path dir, long base) {
        for (Path file : List.of(LogFileNames.logFile(dir, base), LogFileNames.offsetIndexFile(dir, base),
                LogFileNames.timeIndexFile(dir, base))) {
            StorageErrors.run("deleting", file, () -> Files.deleteIfExists(file));
        }
    }

    private static boolean isOrphanIndex(Path dir, Path file) {
        for (String suffix : List.of(LogFileNames.INDEX_SUFFIX, LogFileNames.TIME_INDEX_SUFFIX)) {
            OptionalLong base = LogFileNames.offsetFromFileName(file, suffix);
            if (base.isPresent()) {
                return !Files.exists(LogFileNames.logFile(dir, base.getAsLong()));
            }
        }
        return false;
    }
}

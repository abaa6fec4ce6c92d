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
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
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
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /** The loaded state of a partition. */
    record LoadedLog(LogSegments segments, long logEndOffset, long logStartOffset, long recoveryPoint) {
    }

    private LogRecovery() {
    }

    static LoadedLog load(Path dir, LogConfig config, long nowMs, LogCheckpoints checkpoints, ProducerStateManager producerState) {
        StorageErrors.run("creating", dir, () -> Files.createDirectories(dir));
        List<Long> baseOffsets = scanDirectory(dir);
        LogSegments segments = new LogSegments();
        Set<Long> missingIndexes = new HashSet<>();
        for (long baseOffset : baseOffsets) {
            if (!Files.exists(LogFileNames.offsetIndexFile(dir, baseOffset)) || !Files.exists(LogFileNames.timeIndexFile(dir, baseOffset))) {
                missingIndexes.add(baseOffset);
            }
            segments.add(LogSegment.open(dir, baseOffset, config, nowMs));
        }
        if (segments.isEmpty()) {
            segments.add(LogSegment.open(dir, Math.max(0, checkpoints.logStartOffset()), config, nowMs));
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

    /** @return whether any segment was re-validated because of an unclean shutdown */
    private static boolean recoverSegments(LogSegments segments, LogCheckpoints checkpoints, Set<Long> missingIndexes) {
        boolean recovered = false;
        List<LogSegment> all = new ArrayList<>(segments.all());
        for (int i = 0; i < all.size(); i++) {
            LogSegment segment = all.get(i);
            boolean isLast = i == all.size() - 1;
            boolean pastRecoveryPoint = isLast || all.get(i + 1).baseOffset() > checkpoints.recoveryPoint();
            int truncated;
            if (!checkpoints.cleanShutdown() && pastRecoveryPoint) {
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
                    later.closeChannel();
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
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        } catch (IOException e) {
            throw StorageErrors.wrap("listing", dir, e);
        }
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

package io.tributary.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition logs of one broker across its log directories ({@code log.dirs}). Thread-safe.
 *
 * <p>Life: {@link #startup()} loads every partition found, recovering those of a directory that was not shut
 * down cleanly; then logs are created, read and deleted; the caller runs {@link #checkRetention},
 * {@link #flushDirty}, {@link #cleanLogs}, {@link #removeExpiredProducers} and {@link #checkpoint} on its own schedule
 * ({@code log.retention.check.interval.ms}, {@code log.flush.scheduler.interval.ms}, {@code log.cleaner.backoff.ms},
 * {@code producer.id.expiration.check.interval.ms}, {@code log.flush.offset.checkpoint.interval.ms}); {@link #shutdown()}
 * flushes, checkpoints and marks every directory clean.
 *
 * <p>Logs are loaded with the default config: the caller applies topic overrides with {@link #updateConfig}
 * once it knows them. A new partition goes to the directory holding the fewest partitions.
 *
 * <p>Error handling: a directory that cannot be written stops {@link #startup()} with an
 * {@link IllegalStateException}. After that, an I/O failure takes its directory offline ({@link LogDirectory}): the
 * caller of the operation gets a {@link org.apache.kafka.common.errors.KafkaStorageException}, so do all later
 * operations on the logs in that directory, and the other directories keep serving; new partitions go to online
 * directories only. The periodic tasks skip offline directories; {@link #shutdown()} writes nothing to them (no
 * checkpoint, no clean-shutdown marker), nor marks clean a directory one of whose logs failed to close, so the next
 * start recovers them.
 */
public final class LogManager {

    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    private final List<LogDirectory> logDirs;
    private final LogConfig defaults;
    private final Clock clock;
    private final ConcurrentMap<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final Object creationLock = new Object();
    private final LogCleaner cleaner;

    public LogManager(List<Path> logDirs, LogConfig defaults, Clock clock) {
        this(logDirs, defaults, CleanerConfig.DEFAULT, clock);
    }

    public LogManager(List<Path> logDirs, LogConfig defaults, CleanerConfig cleanerConfig, Clock clock) {
        this(logDirs, defaults, cleanerConfig, clock, StorageIo.DEFAULT);
    }

    /** @param io how the logs write and sync their files: a test injects disk faults here */
    public LogManager(List<Path> logDirs, LogConfig defaults, CleanerConfig cleanerConfig, Clock clock, StorageIo io) {
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("log.dirs must name at least one directory");
        }
        this.logDirs = logDirs.stream().map(p -> new LogDirectory(p, io)).toList();
        this.defaults = defaults;
        this.clock = clock;
        this.cleaner = new LogCleaner(this::onlineLogs, cleanerConfig);
    }

    /** The log directories, online or not, in {@code log.dirs} order. */
    public List<LogDirectory> logDirectories() {
        return logDirs;
    }

    /**
     * Checks every log directory, then loads the partitions in it.
     *
     * @throws IllegalStateException if a log directory cannot be created or written, or a partition is found in
     *                               two directories
     */
    public void startup() {
        for (LogDirectory dir : logDirs) {
            ensureWritable(dir.path());
        }
        for (LogDirectory dir : logDirs) {
            loadDirectory(dir);
        }
    }

    private static void ensureWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".writable-check", LogFileNames.TEMP_SUFFIX);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException("log.dirs entry " + dir + " is not writable: " + e, e);
        }
    }

    private void loadDirectory(LogDirectory logDir) {
        Path dir = logDir.path();
        Path cleanShutdownFile = dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE);
        boolean cleanShutdown = Files.exists(cleanShutdownFile);
        Map<TopicPartition, Long> recoveryPoints = OffsetCheckpointFile.read(dir.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT));
        Map<TopicPartition, Long> logStartOffsets = OffsetCheckpointFile.read(dir.resolve(LogFileNames.LOG_START_OFFSET_CHECKPOINT));
        Map<TopicPartition, Long> highWatermarks = OffsetCheckpointFile.read(dir.resolve(LogFileNames.HIGH_WATERMARK_CHECKPOINT));
        Map<TopicPartition, Long> cleanerCheckpoints = OffsetCheckpointFile.read(dir.resolve(LogFileNames.CLEANER_OFFSET_CHECKPOINT));
        List<Path> children = listDirectories(dir);
        if (!cleanShutdown && !children.isEmpty()) {
            LOG.warn("Log directory {} was not shut down cleanly: recovering its partitions past their recovery points", dir);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (LogFileNames.isDeleteDir(name)) {
                StorageErrors.run("finishing the deletion of", child, () -> Utils.delete(child.toFile()));
                continue;
            }
            Optional<TopicPartition> parsed = LogFileNames.parsePartitionDirName(name)
                    .filter(tp -> LogFileNames.partitionDirName(tp.topic(), tp.partition()).equals(name));
            if (parsed.isEmpty()) {
                LOG.warn("Ignoring directory {}: not named <topic>-<partition>", child);
                continue;
            }
            TopicPartition tp = parsed.get();
            LogCheckpoints checkpoints = new LogCheckpoints(cleanShutdown,
                    recoveryPoints.getOrDefault(tp, cleanShutdown ? Long.MAX_VALUE : 0L),
                    logStartOffsets.getOrDefault(tp, 0L),
                    highWatermarks.getOrDefault(tp, 0L));
            PartitionLog log = PartitionLog.open(logDir, tp.topic(), tp.partition(), defaults, clock, checkpoints);
            log.initCleanerCheckpoint(cleanerCheckpoints.getOrDefault(tp, 0L));
            PartitionLog other = logs.putIfAbsent(tp, log);
            if (other != null) {
                log.close();
                throw new IllegalStateException("Partition " + tp + " is in two log directories: " + other.dir() + " and " + child);
            }
        }
        StorageErrors.run("deleting", cleanShutdownFile, () -> Files.deleteIfExists(cleanShutdownFile));
    }

    private static List<Path> listDirectories(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw StorageErrors.wrap("listing", dir, e);
        }
    }

    /**
     * The partition's log, created empty with {@code config} in the least used online log directory if it does not
     * exist; an existing log keeps its config (see {@link #updateConfig}). A directory that fails while the log is
     * created there goes offline and the creation fails, leaving nothing behind: a later call creates the log in an
     * online directory.
     *
     * @throws org.apache.kafka.common.errors.InvalidTopicException if the topic name is not a legal Kafka name
     * @throws org.apache.kafka.common.errors.KafkaStorageException if no log directory is online
     */
    public PartitionLog getOrCreate(String topic, int partition, LogConfig config) {
        TopicPartition tp = new TopicPartition(topic, partition);
        PartitionLog existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        Topic.validate(topic);
        if (partition < 0) {
            throw new IllegalArgumentException("Partition " + partition + " of " + topic + " is negative");
        }
        synchronized (creationLock) {
            existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            LogDirectory dir = leastUsedOnlineLogDir().orElseThrow(() -> new KafkaStorageException(
                    "Cannot create the log of " + tp + ": every log directory is offline"));
            Path partitionDir = dir.path().resolve(LogFileNames.partitionDirName(topic, partition));
            boolean existed = Files.exists(partitionDir);
            PartitionLog log;
            try {
                log = PartitionLog.open(dir, topic, partition, config, clock, LogCheckpoints.clean());
            } catch (KafkaStorageException e) {
                if (!existed) {
                    removeHalfCreated(partitionDir, e);
                }
                throw e;
            }
            logs.put(tp, log);
            return log;
        }
    }

    /**
     * The partition's log for the topic whose id is {@code topicId}, created empty with {@code config} if it does not
     * exist. A log recorded for another topic id is never returned: it is left from a topic of the same name that
     * was deleted and recreated while this broker missed it, and is deleted (through a {@code -delete} directory)
     * and replaced by an empty log. A log with no topic id recorded (written before ids were) takes this one.
     *
     * @throws org.apache.kafka.common.errors.KafkaStorageException if the recorded id cannot be read or written, or
     *                                                              the log's directory is offline
     */
    public PartitionLog getOrCreate(String topic, int partition, Uuid topicId, LogConfig config) {
        synchronized (creationLock) {
            Optional<PartitionLog> existing = get(topic, partition);
            if (existing.isPresent()) {
                PartitionLog log = existing.get();
                Optional<Uuid> recorded = log.guard("reading the topic id of", () -> PartitionMetadataFile.read(log.dir()));
                if (recorded.isPresent() && recorded.get().equals(topicId)) {
                    return log;
                }
                if (recorded.isPresent()) {
                    LOG.warn("Deleting the log of {}-{} in {}: it belongs to topic id {}, and the topic's id is now {}",
                            topic, partition, log.dir(), recorded.get(), topicId);
                    delete(topic, partition);
                }
            }
            PartitionLog log = getOrCreate(topic, partition, config);
            log.guard("recording the topic id of", () -> {
                PartitionMetadataFile.write(log.dir(), topicId);
                return null;
            });
            return log;
        }
    }

    /**
     * Removes what a failed creation left, so that the partition, created again elsewhere, is never found in two
     * directories at the next start; what cannot be removed is reported with the failure.
     */
    private static void removeHalfCreated(Path partitionDir, KafkaStorageException failure) {
        try {
            Utils.delete(partitionDir.toFile());
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private Optional<LogDirectory> leastUsedOnlineLogDir() {
        Map<LogDirectory, Integer> counts = new HashMap<>();
        logDirs.forEach(dir -> counts.put(dir, 0));
        for (PartitionLog log : logs.values()) {
            counts.merge(log.logDirectory(), 1, Integer::sum);
        }
        return logDirs.stream().filter(LogDirectory::isOnline).min(Comparator.comparingInt(counts::get));
    }

    public Optional<PartitionLog> get(String topic, int partition) {
        return Optional.ofNullable(logs.get(new TopicPartition(topic, partition)));
    }

    public Collection<PartitionLog> all() {
        return List.copyOf(logs.values());
    }

    /** The logs whose directory is online: the ones maintenance works on. */
    private Collection<PartitionLog> onlineLogs() {
        return logs.values().stream().filter(PartitionLog::isOnline).toList();
    }

    /** Closes the partition's log and removes its directory; nothing if there is none. */
    public void delete(String topic, int partition) {
        PartitionLog log = logs.remove(new TopicPartition(topic, partition));
        if (log != null) {
            log.delete();
        }
    }

    /** Applies a new config to every partition of the topic. */
    public void updateConfig(String topic, LogConfig config) {
        for (PartitionLog log : logs.values()) {
            if (log.topicPartition().topic().equals(topic)) {
                log.updateConfig(config);
            }
        }
    }

    /**
     * Rolls active segments older than {@code segment.ms}, then deletes closed segments past
     * {@code retention.ms} and {@code retention.bytes}.
     *
     * @return the number of segments deleted
     */
    public int checkRetention(long nowMs) {
        int deleted = 0;
        for (PartitionLog log : onlineLogs()) {
            try {
                log.maybeRoll(nowMs);
                deleted += log.deleteRetentionMsBreachedSegments(nowMs);
                deleted += log.deleteRetentionSizeBreachedSegments();
            } catch (KafkaException e) {
                LOG.error("Retention check of {} failed", log.topicPartition(), e);
            }
        }
        return deleted;
    }

    /**
     * Compacts the logs with {@code cleanup.policy} containing {@code compact} whose dirty share reaches their
     * {@code min.cleanable.dirty.ratio} or whose tombstones are due (see {@link LogCleaner#cleanIfDirty}), then
     * checkpoints how far each is cleaned.
     *
     * @return what each cleaned log went through
     */
    public List<CleanResult> cleanLogs(long nowMs) {
        List<CleanResult> results = cleaner.cleanIfDirty(nowMs);
        if (!results.isEmpty()) {
            checkpointCleaner();
        }
        return results;
    }

    /** The cleaner of these logs, e.g. to clean every compacted log at once ({@link LogCleaner#cleanAll}). */
    public LogCleaner cleaner() {
        return cleaner;
    }

    /**
     * Drops from every log the producers that have not appended for {@code expirationMs}
     * ({@code producer.id.expiration.ms}), so that producer state and its snapshots stay bounded.
     *
     * @return how many were dropped
     */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        int removed = 0;
        for (PartitionLog log : onlineLogs()) {
            try {
                int expired = log.removeExpiredProducers(nowMs, expirationMs);
                if (expired > 0) {
                    LOG.info("Expired {} producers of {} idle for {} ms or more", expired, log.topicPartition(), expirationMs);
                }
                removed += expired;
            } catch (KafkaException e) {
                LOG.error("Expiring producers of {} failed", log.topicPartition(), e);
            }
        }
        return removed;
    }

    /** Fsyncs the logs whose {@code flush.ms} has passed. */
    public void flushDirty(long nowMs) {
        for (PartitionLog log : onlineLogs()) {
            try {
                log.flushIfDue(nowMs);
            } catch (KafkaException e) {
                LOG.error("Flush of {} failed", log.topicPartition(), e);
            }
        }
    }

    /**
     * Writes every online log directory's recovery points, log start offsets and high watermarks. A directory whose
     * checkpoint cannot be written goes offline; the others are written all the same.
     */
    public void checkpoint() {
        for (LogDirectory dir : onlineDirs()) {
            new LogDirCheckpoints(dir, logs.values()).writeOffsets();
        }
        checkpointCleaner();
    }

    /** Writes every online log directory's cleaner checkpoints: how far each compacted log is cleaned. */
    private synchronized void checkpointCleaner() {
        for (LogDirectory dir : onlineDirs()) {
            new LogDirCheckpoints(dir, logs.values()).writeCleanerOffsets();
        }
    }

    private List<LogDirectory> onlineDirs() {
        return logDirs.stream().filter(LogDirectory::isOnline).toList();
    }

    /**
     * Flushes and closes every log, checkpoints, and marks each online directory whose logs all closed as clean; the
     * logs of an offline directory only release their files.
     */
    public void shutdown() {
        List<LogDirectory> failedDirs = new ArrayList<>();
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (KafkaException e) {
                LOG.error("Closing {} failed; its log directory will be recovered at the next start", log.topicPartition(), e);
                failedDirs.add(log.logDirectory());
            }
        }
        checkpoint();
        for (LogDirectory dir : onlineDirs()) {
            if (!failedDirs.contains(dir)) {
                Path marker = dir.path().resolve(LogFileNames.CLEAN_SHUTDOWN_FILE);
                StorageErrors.run("writing", marker, () -> {
                    Files.write(marker, new byte[0]);
                    Utils.flushDir(dir.path());
                });
            }
        }
        logs.clear();
        List<Path> offline = logDirs.stream().filter(dir -> !dir.isOnline()).map(LogDirectory::path).toList();
        if (offline.isEmpty()) {
            LOG.info("Log manager shut down cleanly for {}", logDirs.stream().map(LogDirectory::path).toList());
        } else {
            LOG.warn("Log manager shut down; offline log directories {} are recovered at the next start", offline);
        }
    }
}

package io.tributary.broker.replication;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.broker.log.PartitionLog;
import io.tributary.broker.log.UnexpectedAppendOffsetException;

/**
 * One thread fetching every partition this broker follows from one source broker, as Kafka's
 * {@code ReplicaFetcherThread}: Fetch with this broker's replica id and broker epoch, the leader's batches appended as
 * they are, the follower's high watermark set to {@code min(leader HW, own log end)} and its log start following the
 * leader's. Where logs diverge the leader says so in the response (a diverging epoch) and the follower truncates
 * before it fetches again ({@link FollowerTruncation}).
 *
 * <p>Threads: the partitions are changed by the metadata thread ({@link #add}, {@link #remove}) and read by this one,
 * under one lock. The lock is held while one partition's answer is applied (an append or a truncation), never while
 * waiting for the network, so that once {@link #remove} returns nothing more is written to that partition by this
 * thread: a new leader takes over a log nobody else writes to.
 *
 * <p>Error handling: a failed connection, or a partition answered with NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH,
 * UNKNOWN_LEADER_EPOCH or any other error, is retried after {@code replica.fetch.backoff.ms}, with whatever the
 * metadata says by then. A local disk failure goes through the log directory's funnel (the directory goes offline),
 * and the partition is no longer fetched.
 */
final class ReplicaFetcherThread implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcherThread.class);

    private final LeaderEndpoint leader;
    private final int localBrokerId;
    private final long brokerEpoch;
    private final ReplicaFetcherConfig config;
    private final Clock clock;
    private final Consumer<TopicPartition> caughtUp;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<TopicPartition, PartitionFetchState> partitions = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param caughtUp told when a partition's log first reaches the leader's high watermark of its first answer */
    ReplicaFetcherThread(LeaderEndpoint leader, int localBrokerId, long brokerEpoch, ReplicaFetcherConfig config,
                         Clock clock, Consumer<TopicPartition> caughtUp) {
        this.leader = leader;
        this.localBrokerId = localBrokerId;
        this.brokerEpoch = brokerEpoch;
        this.config = config;
        this.clock = clock;
        this.caughtUp = caughtUp;
        this.thread = new Thread(this, "ReplicaFetcherThread-0-" + leader.sourceBrokerId());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Starts (or restarts, at a new leader epoch) fetching {@code state}'s partition. */
    void add(TopicPartition tp, PartitionFetchState state) {
        lock.lock();
        try {
            partitions.put(tp, state);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops fetching the partition; once this returns, this thread writes nothing more to its log. */
    void remove(TopicPartition tp) {
        lock.lock();
        try {
            partitions.remove(tp);
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return partitions.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread and waits for it; the connection is closed. */
    void shutdown() {
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        leader.abort();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        LOG.info("Replica fetcher of broker {} from broker {} started", localBrokerId, leader.sourceBrokerId());
        try {
            while (running) {
                try {
                    fetchOnce();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    LOG.error("Replica fetcher of broker {} from broker {} failed; retrying after the back-off",
                            localBrokerId, leader.sourceBrokerId(), e);
                    backOff();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leader.close();
            LOG.info("Replica fetcher of broker {} from broker {} stopped", localBrokerId, leader.sourceBrokerId());
        }
    }

    private void fetchOnce() throws InterruptedException {
        Map<TopicPartition, PartitionFetchState> ready = readyPartitions();
        if (ready.isEmpty()) {
            return;
        }
        FetchRequestData request;
        Map<TopicPartition, Long> fetchOffsets = new HashMap<>();
        FetchResponseData response;
        short version;
        try {
            version = leader.fetchVersion();
            request = FollowerFetchRequest.build(version, localBrokerId, brokerEpoch, config, ready, fetchOffsets);
            response = leader.fetch(request);
        } catch (IOException e) {
            if (!running) {
                // shutdown closed the connection under the fetch
                return;
            }
            LOG.warn("Broker {} cannot fetch from broker {}: {}", localBrokerId, leader.sourceBrokerId(), e.getMessage());
            backOff();
            return;
        }
        if (response.errorCode() != Errors.NONE.code()) {
            LOG.warn("Fetch of broker {} from broker {} failed: {}", localBrokerId, leader.sourceBrokerId(),
                    Errors.forCode(response.errorCode()));
            backOff();
            return;
        }
        List<TopicPartition> outOfRange = new ArrayList<>();
        Map<Uuid, String> names = new HashMap<>();
        ready.forEach((tp, state) -> names.put(state.partition().topicId(), tp.topic()));
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            String name = version >= 13 ? names.get(topic.topicId()) : topic.topic();
            if (name == null) {
                continue;
            }
            for (FetchResponseData.PartitionData data : topic.partitions()) {
                TopicPartition tp = new TopicPartition(name, data.partitionIndex());
                PartitionFetchState sent = ready.get(tp);
                if (sent != null && apply(tp, sent, fetchOffsets.get(tp), data)) {
                    outOfRange.add(tp);
                }
            }
        }
        for (TopicPartition tp : outOfRange) {
            resolveOutOfRange(tp, ready.get(tp));
        }
    }

    /** The partitions to fetch now, after cutting back those without an epoch; waits while there are none. */
    private Map<TopicPartition, PartitionFetchState> readyPartitions() throws InterruptedException {
        lock.lock();
        try {
            long nowMs = clock.millis();
            Map<TopicPartition, PartitionFetchState> ready = new LinkedHashMap<>();
            long nextDue = Long.MAX_VALUE;
            for (Map.Entry<TopicPartition, PartitionFetchState> entry : List.copyOf(partitions.entrySet())) {
                PartitionFetchState state = entry.getValue();
                if (state.state() == PartitionFetchState.State.TRUNCATING_TO_HIGH_WATERMARK) {
                    state = truncateToHighWatermark(entry.getKey(), state);
                    if (state == null) {
                        continue;
                    }
                }
                if (state.isDelayed(nowMs)) {
                    nextDue = Math.min(nextDue, state.delayedUntilMs());
                } else {
                    ready.put(entry.getKey(), state);
                }
            }
            if (ready.isEmpty() && running) {
                long waitMs = nextDue == Long.MAX_VALUE ? config.fetchBackoff().toMillis() : Math.max(1, nextDue - nowMs);
                changed.await(waitMs, TimeUnit.MILLISECONDS);
            }
            return ready;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. Null if the partition's log went offline and it is no longer fetched. */
    private PartitionFetchState truncateToHighWatermark(TopicPartition tp, PartitionFetchState state) {
        PartitionLog log = state.partition().log();
        try {
            long highWatermark = log.highWatermark();
            if (highWatermark < log.logEndOffset()) {
                LOG.info("Truncating {} to its high watermark {} before fetching from broker {}: its log has no leader "
                        + "epoch to compare", tp, highWatermark, leader.sourceBrokerId());
                log.truncateTo(highWatermark);
            }
            PartitionFetchState fetching = state.fetching();
            partitions.put(tp, fetching);
            return fetching;
        } catch (KafkaStorageException e) {
            stopOnDiskFailure(tp, e);
            return null;
        }
    }

    /**
     * Applies one partition's answer under the lock, if the partition is still fetched at the epoch it was asked at.
     *
     * @return whether the answer was OFFSET_OUT_OF_RANGE, to resolve with the leader outside the lock
     */
    private boolean apply(TopicPartition tp, PartitionFetchState sent, Long fetchOffset, FetchResponseData.PartitionData data) {
        lock.lock();
        try {
            PartitionFetchState current = partitions.get(tp);
            if (current == null || current.leaderEpoch() != sent.leaderEpoch()) {
                return false;
            }
            Errors error = Errors.forCode(data.errorCode());
            if (error == Errors.OFFSET_OUT_OF_RANGE) {
                return true;
            }
            if (error != Errors.NONE) {
                LOG.debug("Fetch of {} from broker {} answered {}; retrying after the back-off", tp,
                        leader.sourceBrokerId(), error);
                partitions.put(tp, current.delayedUntil(clock.millis() + config.fetchBackoff().toMillis()));
                return false;
            }
            PartitionLog log = current.partition().log();
            if (data.divergingEpoch().epoch() >= 0) {
                long truncatedTo = FollowerTruncation.onDivergingEpoch(log, data.divergingEpoch());
                LOG.info("Truncated {} to offset {}: its log diverges from the leader's on broker {} after epoch {} "
                        + "(ends at {} there)", tp, truncatedTo, leader.sourceBrokerId(), data.divergingEpoch().epoch(),
                        data.divergingEpoch().endOffset());
                return false;
            }
            if (data.records() instanceof MemoryRecords records && records.sizeInBytes() > 0
                    && fetchOffset != null && fetchOffset == log.logEndOffset()) {
                log.appendAsFollower(records);
            }
            log.updateHighWatermark(Math.min(data.highWatermark(), log.logEndOffset()));
            if (data.logStartOffset() > log.logStartOffset()) {
                log.maybeIncrementLogStartOffset(data.logStartOffset());
            }
            trackCatchUp(tp, current, data.highWatermark(), log.logEndOffset());
            return false;
        } catch (UnexpectedAppendOffsetException e) {
            LOG.warn("Discarded a fetch answer for {}: {}", tp, e.getMessage());
            return false;
        } catch (KafkaStorageException e) {
            stopOnDiskFailure(tp, e);
            return false;
        } catch (RuntimeException e) {
            // a corrupt or malformed answer: nothing of it was written; the fetch is retried
            LOG.warn("Cannot apply the fetch answer for {} from broker {}: {}", tp, leader.sourceBrokerId(), e.toString());
            PartitionFetchState current = partitions.get(tp);
            if (current != null) {
                partitions.put(tp, current.delayedUntil(clock.millis() + config.fetchBackoff().toMillis()));
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void trackCatchUp(TopicPartition tp, PartitionFetchState current, long leaderHighWatermark, long logEndOffset) {
        if (current.catchUpTarget() == Long.MIN_VALUE) {
            return;
        }
        long target = current.catchUpTarget() < 0 ? leaderHighWatermark : current.catchUpTarget();
        if (logEndOffset >= target) {
            partitions.put(tp, current.withCatchUpTarget(Long.MIN_VALUE));
            caughtUp.accept(tp);
        } else if (current.catchUpTarget() < 0) {
            partitions.put(tp, current.withCatchUpTarget(target));
        }
    }

    /** Asks the leader where its log starts and ends (outside the lock), then cuts ours to fit (under it). */
    private void resolveOutOfRange(TopicPartition tp, PartitionFetchState sent) {
        long leaderEnd;
        long leaderStart;
        try {
            leaderEnd = leader.listOffset(tp.topic(), tp.partition(), sent.leaderEpoch(), LeaderEndpoint.LATEST);
            leaderStart = leader.listOffset(tp.topic(), tp.partition(), sent.leaderEpoch(), LeaderEndpoint.EARLIEST);
        } catch (IOException e) {
            LOG.warn("Cannot resolve the out-of-range fetch offset of {} with broker {}: {}", tp, leader.sourceBrokerId(),
                    e.getMessage());
            delay(tp, sent);
            return;
        }
        lock.lock();
        try {
            PartitionFetchState current = partitions.get(tp);
            if (current == null || current.leaderEpoch() != sent.leaderEpoch()) {
                return;
            }
            PartitionLog log = current.partition().log();
            long before = log.logEndOffset();
            long after = FollowerTruncation.onOutOfRange(log, leaderEnd, leaderStart);
            LOG.warn("Fetch offset {} of {} was out of range on broker {} (log start {}, log end {}); fetching from {}",
                    before, tp, leader.sourceBrokerId(), leaderStart, leaderEnd, after);
        } catch (KafkaStorageException e) {
            stopOnDiskFailure(tp, e);
        } finally {
            lock.unlock();
        }
    }

    private void delay(TopicPartition tp, PartitionFetchState sent) {
        lock.lock();
        try {
            PartitionFetchState current = partitions.get(tp);
            if (current != null && current.leaderEpoch() == sent.leaderEpoch()) {
                partitions.put(tp, current.delayedUntil(clock.millis() + config.fetchBackoff().toMillis()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private void stopOnDiskFailure(TopicPartition tp, KafkaStorageException e) {
        partitions.remove(tp);
        LOG.error("Stopped fetching {} from broker {}: its log directory failed ({})", tp, leader.sourceBrokerId(),
                e.getMessage());
    }

    /** Waits {@code replica.fetch.backoff.ms}, or less if partitions change or the thread stops. */
    private void backOff() throws InterruptedException {
        lock.lock();
        try {
            if (running) {
                changed.await(config.fetchBackoff().toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}

package io.tributary.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures one group's lag on given partitions: its committed offsets and the partitions' log start and end (three
 * Admin calls, whatever the partition count), then the age of the record each partition resumes at, read by
 * {@link RecordTimestamps}.
 */
public final class GroupLagReader {

    private final Admin admin;
    private final RecordTimestamps timestamps;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param timeout how long each of the Admin calls may take; the record reads have their own deadline
     */
    public GroupLagReader(Admin admin, RecordTimestamps timestamps, Duration timeout, Clock clock) {
        this.admin = admin;
        this.timestamps = timestamps;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** What the lag of a partition the group never committed an offset for is. */
    public enum Uncommitted {
        /** Unknown: where the group starts depends on its consumers' auto.offset.reset (the admin API's view). */
        UNKNOWN,
        /**
         * Everything from the log start: for a consumer known to start there (auto.offset.reset=earliest; a
         * spring-kafka listener with latest commits its position as soon as it is assigned a partition).
         */
        FROM_LOG_START
    }

    /**
     * The lag of {@code groupId} on each of {@code partitions}.
     *
     * @throws LagUnavailableException when the cluster did not answer the offset lookups in time or refused them
     */
    public Map<TopicPartition, LagReading> read(String groupId, Collection<TopicPartition> partitions,
                                                Uncommitted uncommitted) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(
                Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
                .partitionsToOffsetAndMetadata(groupId), "the committed offsets of group " + groupId);
        Map<TopicPartition, Long> logStarts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> logEnds = offsets(partitions, OffsetSpec.latest());

        Map<TopicPartition, PartitionLag> lags = new HashMap<>();
        Map<TopicPartition, Long> readAt = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata commit = committed.get(partition);
            Long resumesAt = commit != null ? Long.valueOf(commit.offset())
                    : uncommitted == Uncommitted.FROM_LOG_START ? logStarts.get(partition) : null;
            PartitionLag lag = new PartitionLag(resumesAt, logStarts.get(partition), logEnds.get(partition));
            lags.put(partition, lag);
            if (lag.readAt() != null) {
                readAt.put(partition, lag.readAt());
            }
        }
        Map<TopicPartition, RecordAge> ages = timestamps.at(readAt, logEnds);
        long now = clock.millis();
        Map<TopicPartition, LagReading> readings = new HashMap<>();
        lags.forEach((partition, lag) -> {
            OffsetAndMetadata commit = committed.get(partition);
            readings.put(partition, new LagReading(commit == null ? null : commit.offset(), lag.logEnd(),
                    lag.offsets(), lag.seconds(ages.get(partition), now)));
        });
        return readings;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, ListOffsetsResultInfo> answered = get(admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec, (a, b) -> a)))
                .all(), "the log offsets of " + partitions);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answered.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new LagUnavailableException("Reading " + what + " took longer than " + timeout, e);
        } catch (ExecutionException e) {
            throw new LagUnavailableException("Reading " + what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagUnavailableException("Interrupted while reading " + what, e);
        } catch (KafkaException e) {
            throw new LagUnavailableException("Reading " + what + " failed: " + e, e);
        }
    }
}

package io.tributary.admin.reset;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import io.tributary.admin.kafka.AdminCalls;

/**
 * The offsets a reset is computed from, through ListOffsets: each partition's log start and end, and the first
 * offset at or after a timestamp.
 */
@Component
class LogOffsets {

    /** ListOffsets' answer when no record has a timestamp at or after the one asked. */
    private static final long NO_OFFSET = -1L;

    private final Admin admin;
    private final AdminCalls calls;

    LogOffsets(Admin admin, AdminCalls calls) {
        this.admin = admin;
        this.calls = calls;
    }

    record Bounds(long start, long end) {

        long clamp(long offset) {
            return Math.max(start, Math.min(end, offset));
        }
    }

    Map<TopicPartition, Bounds> bounds(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> start = list(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = list(partitions, OffsetSpec.latest());
        Map<TopicPartition, Bounds> bounds = new HashMap<>();
        partitions.forEach(partition -> bounds.put(partition, new Bounds(start.get(partition), end.get(partition))));
        return bounds;
    }

    /**
     * The first offset whose record has a timestamp at or after {@code timestampMs}; as Kafka's tool, a partition
     * without one goes to its log end.
     */
    Map<TopicPartition, Long> atOrAfter(Collection<TopicPartition> partitions, long timestampMs,
            Map<TopicPartition, Bounds> bounds) {
        Map<TopicPartition, Long> found = new HashMap<>(list(partitions, OffsetSpec.forTimestamp(timestampMs)));
        found.replaceAll((partition, offset) -> offset == NO_OFFSET ? bounds.get(partition).end() : offset);
        return found;
    }

    private Map<TopicPartition, Long> list(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = calls.get(admin.listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}

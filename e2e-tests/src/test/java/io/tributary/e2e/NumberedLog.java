package io.tributary.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.support.Waiting;

/**
 * What the partitions of a {@link NumberedProducer}'s topic hold, read from the beginning to the end offsets the
 * leaders report (their high watermarks), and how it compares with what the producer was told.
 */
final class NumberedLog {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int SHOWN = 20;

    private NumberedLog() {
    }

    /** Per partition, offset → record number of the stream's records, as a consumer reads them now. */
    static Map<TopicPartition, TreeMap<Long, Long>> read(Cluster cluster, NumberedProducer stream) {
        Collection<TopicPartition> partitions = stream.acknowledged().keySet();
        String prefix = stream.name() + ":";
        Map<TopicPartition, TreeMap<Long, Long>> read = new HashMap<>();
        partitions.forEach(tp -> read.put(tp, new TreeMap<>()));
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            Waiting.atMost(DEADLINE, () -> "read " + sizes(read) + " records of end offsets " + end).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String value = record.value();
                    if (value.startsWith(prefix)) {
                        read.get(new TopicPartition(record.topic(), record.partition()))
                                .put(record.offset(), Long.parseLong(value.substring(value.lastIndexOf(':') + 1)));
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return read;
    }

    /**
     * What is wrong (the first {@value #SHOWN} findings), or an empty list: each acknowledged record must be read at
     * the offset it was acknowledged with, and the stream's numbers in each partition must rise strictly with the
     * offset (no record twice, none out of order).
     */
    static List<String> check(Map<TopicPartition, Map<Long, Long>> acknowledged,
            Map<TopicPartition, TreeMap<Long, Long>> read) {
        List<String> problems = new ArrayList<>();
        acknowledged.forEach((tp, offsets) -> new TreeMap<>(offsets).forEach((offset, number) -> {
            Long found = read.getOrDefault(tp, new TreeMap<>()).get(offset);
            if (!number.equals(found) && problems.size() < SHOWN) {
                problems.add(tp + " record " + number + " acknowledged at offset " + offset + ", but read there: "
                        + found);
            }
        }));
        read.forEach((tp, records) -> {
            long previous = -1;
            for (Map.Entry<Long, Long> record : records.entrySet()) {
                if (record.getValue() <= previous && problems.size() < SHOWN) {
                    problems.add(tp + " offset " + record.getKey() + " holds record " + record.getValue()
                            + " after record " + previous);
                }
                previous = Math.max(previous, record.getValue());
            }
        });
        return problems;
    }

    static Map<TopicPartition, Integer> sizes(Map<TopicPartition, TreeMap<Long, Long>> read) {
        Map<TopicPartition, Integer> sizes = new HashMap<>();
        read.forEach((tp, records) -> sizes.put(tp, records.size()));
        return sizes;
    }
}

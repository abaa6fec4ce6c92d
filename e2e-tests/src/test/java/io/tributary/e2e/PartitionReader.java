package io.tributary.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.support.Waiting;

/** Reads one partition of a cluster from its beginning to the end offset its leader reports (the high watermark). */
final class PartitionReader {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private PartitionReader() {
    }

    /** Offset → value of every record a consumer reads. */
    static TreeMap<Long, String> values(Cluster cluster, TopicPartition tp) {
        TreeMap<Long, String> values = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), DEADLINE).get(tp);
            Waiting.atMost(DEADLINE, () -> "read " + values.size() + " records of " + tp + ", end offset " + end)
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            values.put(record.offset(), record.value());
                        }
                        return consumer.position(tp) >= end;
                    });
        }
        return values;
    }
}

package io.tributary.admin.topic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.tributary.admin.kafka.AdminCalls;

/**
 * The log start and end offsets (ListOffsets EARLIEST and LATEST) and the leader's size on disk (DescribeLogDirs of
 * the leaders) of a topic's partitions. A partition without a leader is not asked: Kafka's Admin would retry its
 * lookup until the request times out. A partition the cluster refuses to answer for (a leader that moved, a cluster
 * that does not allow DescribeLogDirs) shows {@code null}, and the others still answer; a cluster that does not
 * answer in time fails the whole request with its {@link TimeoutException}, as every other endpoint does.
 */
@Component
class PartitionLogs {

    private static final Logger log = LoggerFactory.getLogger(PartitionLogs.class);

    /** What is known of one partition's log; each {@code null} when the cluster did not say. */
    record Log(Long start, Long end, Long sizeBytes) {
    }

    private final Admin admin;
    private final AdminCalls calls;

    PartitionLogs(Admin admin, AdminCalls calls) {
        this.admin = admin;
        this.calls = calls;
    }

    /** @throws TimeoutException when the cluster does not answer within the request timeout */
    Map<TopicPartition, Log> of(String topic, List<TopicPartitionInfo> partitions) {
        List<TopicPartitionInfo> led = partitions.stream().filter(p -> led(p.leader())).toList();
        Map<TopicPartition, Log> logs = new HashMap<>();
        partitions.forEach(p -> logs.put(new TopicPartition(topic, p.partition()), new Log(null, null, null)));
        if (led.isEmpty()) {
            return logs;
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo partition : led) {
            earliest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
        }
        ListOffsetsResult starts = admin.listOffsets(earliest);
        ListOffsetsResult ends = admin.listOffsets(latest);
        Map<TopicPartition, Long> sizes = leaderSizes(topic, led);
        for (TopicPartition id : earliest.keySet()) {
            logs.put(id, new Log(offset(starts, id), offset(ends, id), sizes.get(id)));
        }
        return logs;
    }

    private static boolean led(Node leader) {
        return leader != null && !leader.isEmpty();
    }

    private Long offset(ListOffsetsResult result, TopicPartition partition) {
        try {
            return calls.get(result.partitionResult(partition)).offset();
        } catch (TimeoutException e) {
            throw e;
        } catch (ApiException e) {
            log.debug("No offsets of {}: {}", partition, e.toString());
            return null;
        }
    }

    /** The size of each partition's copy on its leader, from one DescribeLogDirs per leader. */
    private Map<TopicPartition, Long> leaderSizes(String topic, List<TopicPartitionInfo> led) {
        Set<Integer> leaders = new TreeSet<>();
        led.forEach(partition -> leaders.add(partition.leader().id()));
        Map<Integer, KafkaFuture<Map<String, LogDirDescription>>> byBroker =
                admin.describeLogDirs(leaders).descriptions();
        Map<TopicPartition, Long> sizes = new HashMap<>();
        for (TopicPartitionInfo partition : led) {
            int leader = partition.leader().id();
            TopicPartition id = new TopicPartition(topic, partition.partition());
            for (LogDirDescription dir : logDirs(byBroker.get(leader), leader).values()) {
                ReplicaInfo replica = dir.replicaInfos().get(id);
                if (replica != null && !replica.isFuture()) {
                    sizes.put(id, replica.size());
                }
            }
        }
        return sizes;
    }

    private Map<String, LogDirDescription> logDirs(KafkaFuture<Map<String, LogDirDescription>> future, int broker) {
        try {
            return calls.get(future);
        } catch (TimeoutException e) {
            throw e;
        } catch (ApiException e) {
            log.debug("No log dirs of broker {}: {}", broker, e.toString());
            return Map.of();
        }
    }
}

package io.tributary.admin.topic;

import java.util.List;

import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceMetadata;

/**
 * A partition ({@code KafkaPartition}): Confluent's {@code partition_id} and a {@code leader} link (to the leader's
 * broker resource), with what Confluent leaves to other calls as plain values: the leader's and replicas' broker ids,
 * the in-sync replicas, the log start and end offsets (ListOffsets EARLIEST and LATEST), and the size on disk of the
 * leader's copy (DescribeLogDirs; {@code null} when there is no leader or the cluster does not tell).
 */
public record PartitionResource(
        String kind,
        ResourceMetadata metadata,
        String clusterId,
        String topicName,
        int partitionId,
        Related leader,
        Integer leaderId,
        List<Integer> replicaIds,
        List<Integer> isrIds,
        Long logStartOffset,
        Long logEndOffset,
        Long sizeBytes) {

    static final String KIND = "KafkaPartition";

    public PartitionResource {
        replicaIds = List.copyOf(replicaIds);
        isrIds = List.copyOf(isrIds);
    }
}

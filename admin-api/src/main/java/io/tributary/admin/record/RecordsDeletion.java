package io.tributary.admin.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteRecordsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.audit.AuditTrail;
import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.Links;

/**
 * Deletes the records of a topic's partitions below an offset each, through DeleteRecords, so that the cluster's own
 * errors apply (OFFSET_OUT_OF_RANGE above the high watermark, UNKNOWN_TOPIC_OR_PARTITION, POLICY_VIOLATION for a
 * compacted topic). Partitions succeed or fail on their own in Kafka: the ones that moved are recorded in the audit
 * trail even when another failed, and the failure is answered naming its partition.
 */
@Component
class RecordsDeletion {

    /** The bound the cluster's own admin requests have: Kafka's controller takes 10,000 changes in one request. */
    static final int MAX_PARTITIONS = 10_000;

    private final Admin admin;
    private final AdminCalls calls;
    private final AuditTrail audit;

    RecordsDeletion(Admin admin, AdminCalls calls, AuditTrail audit) {
        this.admin = admin;
        this.calls = calls;
        this.audit = audit;
    }

    List<DeletedRecords> delete(String clusterId, String topic, DeleteRecordsRequest request) {
        Map<TopicPartition, RecordsToDelete> asked = asked(topic, request);
        Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
        asked.keySet().forEach(partition -> earliest.put(partition, OffsetSpec.earliest()));
        Map<TopicPartition, ListOffsetsResultInfo> before = calls.get(admin.listOffsets(earliest).all());

        DeleteRecordsResult result = admin.deleteRecords(asked);
        List<DeletedRecords> deleted = new ArrayList<>();
        ApiException failure = null;
        for (TopicPartition partition : asked.keySet()) {
            try {
                long logStart = calls.get(result.lowWatermarks().get(partition)).lowWatermark();
                deleted.add(new DeletedRecords(topic, partition.partition(), before.get(partition).offset(),
                        logStart));
            } catch (ApiException e) {
                if (failure == null) {
                    failure = Errors.forException(e).exception("Partition " + partition + ": " + e.getMessage());
                }
            }
        }
        if (!deleted.isEmpty()) {
            audit.record("records.delete", Links.resourceName(clusterId, "topic", topic), startsBefore(deleted),
                    deleted);
        }
        if (failure != null) {
            throw failure;
        }
        return deleted;
    }

    private static Map<TopicPartition, RecordsToDelete> asked(String topic, DeleteRecordsRequest request) {
        List<PartitionDeletion> partitions = request.partitions();
        if (partitions == null || partitions.isEmpty()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "missing-field",
                    "The request body must give 'partitions': [{\"partition_id\": ..., \"before_offset\": ...}]");
        }
        if (partitions.size() > MAX_PARTITIONS) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "too-many-partitions",
                    "At most " + MAX_PARTITIONS + " partitions in one deletion, not " + partitions.size());
        }
        Map<TopicPartition, RecordsToDelete> asked = new LinkedHashMap<>();
        for (PartitionDeletion deletion : partitions) {
            if (deletion.partitionId() == null || deletion.beforeOffset() == null) {
                throw new ApiProblemException(HttpStatus.BAD_REQUEST, "missing-field",
                        "Every partition must give 'partition_id' and 'before_offset'");
            }
            TopicPartition partition = new TopicPartition(topic, deletion.partitionId());
            if (asked.put(partition, RecordsToDelete.beforeOffset(deletion.beforeOffset())) != null) {
                throw new ApiProblemException(HttpStatus.BAD_REQUEST, "duplicate-partition",
                        "Partition " + deletion.partitionId() + " is given more than once");
            }
        }
        return asked;
    }

    private static List<Map<String, Object>> startsBefore(List<DeletedRecords> deleted) {
        List<Map<String, Object>> states = new ArrayList<>();
        for (DeletedRecords partition : deleted) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("topic_name", partition.topicName());
            state.put("partition_id", partition.partitionId());
            state.put("log_start_offset", partition.previousLogStartOffset());
            states.add(state);
        }
        return states;
    }
}

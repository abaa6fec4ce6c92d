package io.tributary.admin.record;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

/**
 * {@code POST …/topics/{topic_name}/records:delete}: Redpanda Console's delete records, which Confluent's v3 lacks,
 * as a custom verb in the style of Confluent's {@code configs:alter}.
 */
@RestController
class RecordsDeletionController {

    private final RecordsDeletion deletion;
    private final Links links;

    RecordsDeletionController(RecordsDeletion deletion, Links links) {
        this.deletion = deletion;
        this.links = links;
    }

    @PostMapping("/v3/clusters/{cluster_id}/topics/{topic_name}/records:delete")
    ResourceCollection<DeletedRecords> delete(@PathVariable("cluster_id") String clusterId,
            @PathVariable("topic_name") String topic, @RequestBody DeleteRecordsRequest request) {
        return new ResourceCollection<>("KafkaDeletedRecordsList", new CollectionMetadata(links.current(), null),
                deletion.delete(clusterId, topic, request));
    }
}

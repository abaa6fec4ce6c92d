package io.tributary.admin.topic;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

@RestController
@RequestMapping("/v3/clusters/{cluster_id}/topics/{topic_name}/partitions")
class PartitionController {

    private final PartitionDescriber describer;
    private final Links links;

    PartitionController(PartitionDescriber describer, Links links) {
        this.describer = describer;
        this.links = links;
    }

    @GetMapping
    ResourceCollection<PartitionResource> list(@PathVariable("cluster_id") String clusterId,
            @PathVariable("topic_name") String topic) {
        return new ResourceCollection<>("KafkaPartitionList", new CollectionMetadata(links.current(), null),
                describer.describe(clusterId, topic));
    }

    @GetMapping("/{partition_id}")
    PartitionResource get(@PathVariable("cluster_id") String clusterId, @PathVariable("topic_name") String topic,
            @PathVariable("partition_id") int partition) {
        return describer.describe(clusterId, topic, partition);
    }
}

package io.tributary.admin.broker;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

@RestController
@RequestMapping("/v3/clusters/{cluster_id}/brokers")
@Tag(name = "Brokers", description = "The cluster's nodes: brokers and group coordinators, with their health")
class BrokerController {

    private final BrokerDirectory directory;
    private final Links links;

    BrokerController(BrokerDirectory directory, Links links) {
        this.directory = directory;
        this.links = links;
    }

    @GetMapping
    @Operation(operationId = "listBrokers", summary = "List the cluster's nodes",
            description = "Every node the Kafka protocol's Metadata lists (brokers and, in Tributary, group "
                    + "coordinators), and, when the admin API reads ZooKeeper, brokers that hold replicas but are "
                    + "down, with health OFFLINE.")
    ResourceCollection<BrokerResource> list(@PathVariable("cluster_id") @Parameter(description = "the cluster id")
            String clusterId) {
        return new ResourceCollection<>("KafkaBrokerList", new CollectionMetadata(links.current(), null),
                directory.all(clusterId));
    }

    @GetMapping("/{broker_id}")
    @Operation(operationId = "getBroker", summary = "Describe one node")
    BrokerResource get(@PathVariable("cluster_id") @Parameter(description = "the cluster id") String clusterId,
            @PathVariable("broker_id") @Parameter(description = "the node id") int brokerId) {
        return directory.one(clusterId, brokerId);
    }
}

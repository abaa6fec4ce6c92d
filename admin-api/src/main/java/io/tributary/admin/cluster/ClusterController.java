package io.tributary.admin.cluster;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.Related;
import io.tributary.admin.resource.ResourceCollection;
import io.tributary.admin.resource.ResourceMetadata;

@RestController
@RequestMapping("/v3/clusters")
class ClusterController {

    private final Admin admin;
    private final AdminCalls calls;
    private final ClusterIdentity identity;
    private final Links links;

    ClusterController(Admin admin, AdminCalls calls, ClusterIdentity identity, Links links) {
        this.admin = admin;
        this.calls = calls;
        this.identity = identity;
        this.links = links;
    }

    @GetMapping
    @Operation(operationId = "listClusters", summary = "List the cluster this admin API manages")
    ResourceCollection<ClusterResource> list() {
        return new ResourceCollection<>("KafkaClusterList", new CollectionMetadata(links.current(), null),
                List.of(cluster(identity.clusterId())));
    }

    @GetMapping("/{cluster_id}")
    @Operation(operationId = "getCluster", summary = "Describe the cluster, with links to its resources")
    ClusterResource get(@PathVariable("cluster_id") String clusterId) {
        return cluster(clusterId);
    }

    private ClusterResource cluster(String clusterId) {
        Node controller = calls.get(admin.describeCluster().controller());
        return new ClusterResource("KafkaCluster",
                new ResourceMetadata(links.cluster(clusterId, ""), Links.resourceName(clusterId)),
                clusterId,
                controller == null || controller.isEmpty() ? null
                        : new Related(links.cluster(clusterId, "/brokers/{id}", controller.id())),
                new Related(links.cluster(clusterId, "/brokers")),
                new Related(links.cluster(clusterId, "/topics")),
                new Related(links.cluster(clusterId, "/consumer-groups")));
    }
}

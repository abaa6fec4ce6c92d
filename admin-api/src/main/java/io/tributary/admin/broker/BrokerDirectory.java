package io.tributary.admin.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.metadata.ClusterMetadataAccess;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceMetadata;
import io.tributary.metadata.broker.NodeRegistration;

/**
 * The cluster's nodes: id, address, rack and controller from the Kafka protocol (DescribeCluster), merged with the
 * registrations in ZooKeeper when the admin API reads them, which add the role, listeners and health, and the brokers
 * that are down (the protocol only lists live nodes).
 */
@Service
class BrokerDirectory {

    private final Admin admin;
    private final AdminCalls calls;
    private final ClusterMetadataAccess metadata;
    private final Links links;

    BrokerDirectory(Admin admin, AdminCalls calls, ClusterMetadataAccess metadata, Links links) {
        this.admin = admin;
        this.calls = calls;
        this.metadata = metadata;
        this.links = links;
    }

    /** Sorted by id. */
    List<BrokerResource> all(String clusterId) {
        DescribeClusterResult cluster = admin.describeCluster();
        Map<Integer, Node> nodes = new TreeMap<>();
        calls.get(cluster.nodes()).forEach(node -> nodes.put(node.id(), node));
        Node controller = calls.get(cluster.controller());
        int controllerId = controller == null || controller.isEmpty() ? -1 : controller.id();
        Optional<NodeRegistrations> registrations = metadata.metadata().map(NodeRegistrations::of);
        Set<Integer> ids = new TreeSet<>(nodes.keySet());
        registrations.ifPresent(r -> ids.addAll(r.ids()));
        List<BrokerResource> brokers = new ArrayList<>();
        for (int id : ids) {
            brokers.add(broker(clusterId, id, Optional.ofNullable(nodes.get(id)), id == controllerId,
                    registrations));
        }
        return brokers;
    }

    BrokerResource one(String clusterId, int brokerId) {
        return all(clusterId).stream()
                .filter(broker -> broker.brokerId() == brokerId)
                .findFirst()
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "broker-not-found",
                        "Broker " + brokerId + " is not a node of cluster " + clusterId));
    }

    private BrokerResource broker(String clusterId, int id, Optional<Node> node, boolean isController,
            Optional<NodeRegistrations> registrations) {
        Optional<NodeRegistration> registration = registrations.flatMap(r -> r.registration(id));
        String host = node.map(Node::host).orElse(registration.map(NodeRegistration::host).orElse(null));
        Integer port = node.map(Node::port).orElse(registration.map(NodeRegistration::port).orElse(null));
        String rack = node.map(Node::rack).orElse(null);
        return new BrokerResource("KafkaBroker",
                new ResourceMetadata(links.cluster(clusterId, "/brokers/{id}", id),
                        Links.resourceName(clusterId, "broker", Integer.toString(id))),
                clusterId, id, host, port, rack, isController,
                registrations.map(r -> r.role(id)).orElse(null),
                registrations.map(r -> r.advertisedListeners(id)).orElse(null),
                registrations.map(r -> r.health(id)).orElse(null));
    }
}

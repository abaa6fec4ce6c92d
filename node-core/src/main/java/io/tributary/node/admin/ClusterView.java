package io.tributary.node.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.controller.ControllerElection;

/**
 * What every node reports about the cluster itself: its id, its live brokers, the nodes clients may talk to and the
 * controller. Also usable by a coordinator, which does not take part in the controller election.
 */
public final class ClusterView {

    private final ClusterMetadata metadata;
    private final IntSupplier controllerId;
    private final String clusterId;

    public ClusterView(ClusterMetadata metadata, ControllerElection election) {
        this(metadata, election::controllerId);
    }

    /** @param controllerId the current controller's broker id, -1 when unknown */
    public ClusterView(ClusterMetadata metadata, IntSupplier controllerId) {
        this.metadata = metadata;
        this.controllerId = controllerId;
        this.clusterId = metadata.clusterId();
    }

    public String clusterId() {
        return clusterId;
    }

    /** The live brokers only, sorted by id: the nodes that can lead partitions. */
    public List<BrokerRegistration> liveBrokers() {
        return metadata.liveBrokers();
    }

    public Set<Integer> liveBrokerIds() {
        return metadata.liveBrokers().stream().map(BrokerRegistration::id).collect(Collectors.toSet());
    }

    /**
     * The live brokers, then the live coordinators, each sorted by id, at their addresses on one listener: what
     * Metadata and DescribeCluster list, so that Kafka's Admin finds a coordinator by the node id FindCoordinator gave
     * it. As in Kafka, a node without that listener is left out: a client could not reach it.
     *
     * @param listener the listener the request came in on
     */
    public List<ClusterNode> nodes(String listener) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (BrokerRegistration broker : metadata.liveBrokers()) {
            broker.endpoint(listener).ifPresent(endpoint ->
                    nodes.add(new ClusterNode(broker.id(), endpoint.host(), endpoint.port(), broker.rack())));
        }
        for (CoordinatorRegistration coordinator : metadata.liveCoordinators()) {
            coordinator.endpoint(listener).ifPresent(endpoint ->
                    nodes.add(new ClusterNode(coordinator.id(), endpoint.host(), endpoint.port(), null)));
        }
        return nodes;
    }

    public int controllerId() {
        return controllerId.getAsInt();
    }
}

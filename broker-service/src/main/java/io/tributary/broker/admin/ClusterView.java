package io.tributary.broker.admin;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.controller.ControllerElection;

/** What every broker reports about the cluster itself: its id, its live brokers and the controller. */
public final class ClusterView {

    private final ClusterMetadata metadata;
    private final ControllerElection election;
    private final String clusterId;

    public ClusterView(ClusterMetadata metadata, ControllerElection election) {
        this.metadata = metadata;
        this.election = election;
        this.clusterId = metadata.clusterId();
    }

    public String clusterId() {
        return clusterId;
    }

    public List<BrokerRegistration> liveBrokers() {
        return metadata.liveBrokers();
    }

    public Set<Integer> liveBrokerIds() {
        return metadata.liveBrokers().stream().map(BrokerRegistration::id).collect(Collectors.toSet());
    }

    public int controllerId() {
        return election.controllerId();
    }
}

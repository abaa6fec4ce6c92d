package io.tributary.admin.broker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.NodeRegistration;
import io.tributary.metadata.broker.BrokerRegistration;

/**
 * One snapshot of what ZooKeeper says about the nodes: the registered brokers and coordinators, and the brokers named
 * as replicas (so expected to be there).
 */
record NodeRegistrations(Map<Integer, BrokerRegistration> brokers, Map<Integer, NodeRegistration> coordinators,
        Set<Integer> replicaBrokers) {

    private static final String DEFAULT_LISTENER = "PLAINTEXT";

    static NodeRegistrations of(ClusterMetadata metadata) {
        Map<Integer, BrokerRegistration> brokers = new TreeMap<>();
        metadata.liveBrokers().forEach(b -> brokers.put(b.id(), b));
        Map<Integer, NodeRegistration> coordinators = new TreeMap<>();
        metadata.liveCoordinators().forEach(c -> coordinators.put(c.id(), c));
        Set<Integer> replicas = new TreeSet<>();
        metadata.topics().values().forEach(topic -> topic.assignment().replicas().values().forEach(replicas::addAll));
        return new NodeRegistrations(brokers, coordinators, replicas);
    }

    /** Every node id ZooKeeper knows of: registered or expected. */
    Set<Integer> ids() {
        Set<Integer> ids = new TreeSet<>(brokers.keySet());
        ids.addAll(coordinators.keySet());
        ids.addAll(replicaBrokers);
        return ids;
    }

    Optional<NodeRegistration> registration(int id) {
        NodeRegistration broker = brokers.get(id);
        return Optional.ofNullable(broker != null ? broker : coordinators.get(id));
    }

    /**
     * The listeners a node registered, by name, in the order of its {@code advertised.listeners}; a registration
     * from before named listeners has one, named PLAINTEXT as Kafka's default listener. Empty for a node not
     * registered.
     */
    List<AdvertisedListener> advertisedListeners(int id) {
        return registration(id).map(node -> node.endpoints().isEmpty()
                ? List.of(new AdvertisedListener(DEFAULT_LISTENER, node.host(), node.port()))
                : node.endpoints().stream().map(e -> new AdvertisedListener(e.listener(), e.host(), e.port())).toList())
                .orElse(List.of());
    }

    NodeRole role(int id) {
        return coordinators.containsKey(id) ? NodeRole.COORDINATOR : NodeRole.BROKER;
    }

    NodeHealth health(int id) {
        BrokerRegistration broker = brokers.get(id);
        if (broker != null) {
            return broker.shuttingDown() ? NodeHealth.SHUTTING_DOWN : NodeHealth.ONLINE;
        }
        return coordinators.containsKey(id) ? NodeHealth.ONLINE : NodeHealth.OFFLINE;
    }
}

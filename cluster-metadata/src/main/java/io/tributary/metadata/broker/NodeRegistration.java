package io.tributary.metadata.broker;

import java.util.List;
import java.util.Optional;

/**
 * What every registered node (broker or coordinator) advertises: its id, its address on the inter-broker listener
 * ({@code host}, {@code port}: what other nodes connect to, and all a registration written before named listeners
 * holds) and its address on every listener ({@code endpoints}, empty in such an older registration).
 */
public interface NodeRegistration {

    int id();

    String host();

    int port();

    List<Endpoint> endpoints();

    /**
     * The node's address on a listener, as Kafka answers a client with the address on the listener its request came
     * in on; empty when the node has no such listener. A registration without endpoints serves one listener, whatever
     * its name, at {@code host:port}.
     */
    default Optional<Endpoint> endpoint(String listener) {
        if (endpoints().isEmpty()) {
            return Optional.of(new Endpoint(listener, host(), port()));
        }
        return endpoints().stream().filter(e -> e.listener().equals(listener)).findFirst();
    }

    /**
     * Where another node connects to this one: its address on that node's inter-broker listener, else (a node without
     * that listener name) the address it registered for its own inter-broker listener.
     */
    default Endpoint interBrokerEndpoint(String listener) {
        return endpoint(listener).orElseGet(() -> new Endpoint(listener, host(), port()));
    }
}

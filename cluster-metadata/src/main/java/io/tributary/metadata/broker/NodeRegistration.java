package io.tributary.metadata.broker;

import java.util.List;
import java.util.Optional;

/**
 * What every registered node (broker or coordinator) advertises: its id, its address on its inter-broker listener
 * ({@code host}, {@code port}: where other nodes connect to it, replicas and the coordinator's clients alike, and
 * all a registration written before named listeners holds) and its address on every listener ({@code endpoints},
 * empty in such an older registration).
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
}

package io.tributary.metadata.broker;

import java.util.List;
import java.util.Objects;

/**
 * A live coordinator instance, as stored (without the id) in the ephemeral {@code /coordinators/ids/{id}}.
 *
 * @param host      the address on the coordinator's inter-broker listener
 * @param port      the port on the coordinator's inter-broker listener
 * @param endpoints the address on every advertised listener, in the order of {@code advertised.listeners}
 */
public record CoordinatorRegistration(int id, String host, int port, List<Endpoint> endpoints)
        implements NodeRegistration {

    public CoordinatorRegistration {
        if (id < 0) {
            throw new IllegalArgumentException("coordinator id must be >= 0, got " + id);
        }
        Objects.requireNonNull(host, "host");
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** A coordinator with one listener. */
    public CoordinatorRegistration(int id, String host, int port) {
        this(id, host, port, List.of());
    }

    /** A coordinator serving on its listeners, reached by other nodes at {@code interBroker}. */
    public CoordinatorRegistration(int id, Endpoint interBroker, List<Endpoint> endpoints) {
        this(id, interBroker.host(), interBroker.port(), endpoints);
    }
}

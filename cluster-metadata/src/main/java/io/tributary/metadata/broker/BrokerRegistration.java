package io.tributary.metadata.broker;

import java.util.List;
import java.util.Objects;

/**
 * A live broker, as stored (without the id, which is the node name) in the ephemeral {@code /brokers/ids/{id}}.
 *
 * @param host         the address on the broker's inter-broker listener
 * @param port         the port on the broker's inter-broker listener
 * @param shuttingDown whether the broker has begun a controlled shutdown: the controller moves its leaderships away
 *                     and takes it out of the ISRs, and elects it leader of nothing while it stays registered
 * @param endpoints    the address on every advertised listener, in the order of {@code advertised.listeners}
 */
public record BrokerRegistration(int id, String host, int port, String rack, long startedAt, boolean shuttingDown,
                                 List<Endpoint> endpoints)
        implements NodeRegistration {

    public BrokerRegistration {
        if (id < 0) {
            throw new IllegalArgumentException("broker.id must be >= 0, got " + id);
        }
        Objects.requireNonNull(host, "host");
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** A broker serving normally, not shutting down, with one listener. */
    public BrokerRegistration(int id, String host, int port, String rack, long startedAt) {
        this(id, host, port, rack, startedAt, false, List.of());
    }

    /** A broker serving normally on its listeners, reached by other nodes at {@code interBroker}. */
    public BrokerRegistration(int id, Endpoint interBroker, List<Endpoint> endpoints, String rack, long startedAt) {
        this(id, interBroker.host(), interBroker.port(), rack, startedAt, false, endpoints);
    }

    /** This registration with the controlled-shutdown flag set. */
    public BrokerRegistration shuttingDownNow() {
        return new BrokerRegistration(id, host, port, rack, startedAt, true, endpoints);
    }
}

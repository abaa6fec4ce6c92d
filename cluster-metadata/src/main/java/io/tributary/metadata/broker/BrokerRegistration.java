package io.tributary.metadata.broker;

import java.util.Objects;

/**
 * A live broker, as stored (without the id, which is the node name) in the ephemeral {@code /brokers/ids/{id}}.
 *
 * @param shuttingDown whether the broker has begun a controlled shutdown: the controller moves its leaderships away
 *                     and takes it out of the ISRs, and elects it leader of nothing while it stays registered
 */
public record BrokerRegistration(int id, String host, int port, String rack, long startedAt, boolean shuttingDown)
        implements NodeRegistration {

    public BrokerRegistration {
        if (id < 0) {
            throw new IllegalArgumentException("broker.id must be >= 0, got " + id);
        }
        Objects.requireNonNull(host, "host");
    }

    /** A broker serving normally, not shutting down. */
    public BrokerRegistration(int id, String host, int port, String rack, long startedAt) {
        this(id, host, port, rack, startedAt, false);
    }

    /** This registration with the controlled-shutdown flag set. */
    public BrokerRegistration shuttingDownNow() {
        return new BrokerRegistration(id, host, port, rack, startedAt, true);
    }
}

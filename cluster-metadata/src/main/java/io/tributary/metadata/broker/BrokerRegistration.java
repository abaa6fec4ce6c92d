package io.tributary.metadata.broker;

import java.util.Objects;

/** A live broker, as stored (without the id, which is the node name) in the ephemeral {@code /brokers/ids/{id}}. */
public record BrokerRegistration(int id, String host, int port, String rack, long startedAt) implements NodeRegistration {

    public BrokerRegistration {
        if (id < 0) {
            throw new IllegalArgumentException("broker.id must be >= 0, got " + id);
        }
        Objects.requireNonNull(host, "host");
    }
}

package io.tributary.metadata.broker;

import java.util.Objects;

/** A live coordinator instance, as stored (without the id) in the ephemeral {@code /coordinators/ids/{id}}. */
public record CoordinatorRegistration(int id, String host, int port) implements NodeRegistration {

    public CoordinatorRegistration {
        if (id < 0) {
            throw new IllegalArgumentException("coordinator id must be >= 0, got " + id);
        }
        Objects.requireNonNull(host, "host");
    }
}

package io.tributary.metadata.broker;

import java.util.Objects;

/** A live coordinator instance, as stored (without the id) in the ephemeral {@code /coordinators/ids/{id}}. */
public record CoordinatorRegistration(int id, String host, int port) {

    public CoordinatorRegistration {
        Objects.requireNonNull(host, "host");
    }
}

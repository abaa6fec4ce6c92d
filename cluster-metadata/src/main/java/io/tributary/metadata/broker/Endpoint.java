package io.tributary.metadata.broker;

import java.util.Objects;

/**
 * One address a node advertises: Kafka's {@code advertised.listeners} entry {@code INTERNAL://broker-1:19092} as
 * {@code ("INTERNAL", "broker-1", 19092)}.
 */
public record Endpoint(String listener, String host, int port) {

    public Endpoint {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
        return listener + "://" + host + ":" + port;
    }
}

package io.tributary.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Listener settings, named after the Kafka broker settings they mirror.
 *
 * @param listeners       the named addresses to bind, each served alike on the same threads ({@code listeners})
 * @param maxRequestBytes largest request frame accepted ({@code socket.request.max.bytes}); a larger size
 *                        prefix closes the connection before anything is allocated
 * @param networkThreads  Netty worker event loops ({@code num.network.threads})
 * @param ioThreads       threads that invoke the {@link ApiHandler}s ({@code num.io.threads})
 * @param queuedMaxRequests requests of one connection decoded and not yet answered, at most
 *                        ({@code queued.max.requests}); when reached, the connection is not read until one is
 *                        answered. Per connection, unlike Kafka's one queue per node: see {@code ConnectionHandler}
 */
public record ProtocolServerConfig(List<Listener> listeners, int maxRequestBytes, int networkThreads, int ioThreads,
                                   int queuedMaxRequests) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 104_857_600;
    public static final int DEFAULT_NETWORK_THREADS = 3;
    public static final int DEFAULT_IO_THREADS = 8;
    public static final int DEFAULT_QUEUED_MAX_REQUESTS = 500;

    /**
     * One address to bind under its listener name, which handlers see in {@link RequestContext#listenerName()}.
     *
     * @param host address to bind, e.g. {@code 0.0.0.0}
     * @param port port to bind; 0 picks a free one (see {@link KafkaProtocolServer#boundPort(String)})
     */
    public record Listener(String name, String host, int port) {

        public Listener {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0..65535, was " + port);
            }
        }
    }

    /** The listener name of a server built from one address, as Kafka names its only listener by default. */
    public static final String DEFAULT_LISTENER = "PLAINTEXT";

    public ProtocolServerConfig {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is needed");
        }
        Set<String> names = new HashSet<>();
        for (Listener listener : listeners) {
            if (!names.add(listener.name())) {
                throw new IllegalArgumentException("listener " + listener.name() + " is given twice");
            }
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
        }
        if (networkThreads <= 0 || ioThreads <= 0) {
            throw new IllegalArgumentException("networkThreads and ioThreads must be positive, were "
                    + networkThreads + " and " + ioThreads);
        }
        if (queuedMaxRequests <= 0) {
            throw new IllegalArgumentException("queuedMaxRequests must be positive, was " + queuedMaxRequests);
        }
    }

    /** One listener named {@value #DEFAULT_LISTENER}. */
    public ProtocolServerConfig(String host, int port, int maxRequestBytes, int networkThreads, int ioThreads,
                                int queuedMaxRequests) {
        this(List.of(new Listener(DEFAULT_LISTENER, host, port)), maxRequestBytes, networkThreads, ioThreads,
                queuedMaxRequests);
    }

    /** The Kafka broker defaults for everything but the address. */
    public static ProtocolServerConfig withDefaults(String host, int port) {
        return new ProtocolServerConfig(host, port, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_NETWORK_THREADS,
                DEFAULT_IO_THREADS, DEFAULT_QUEUED_MAX_REQUESTS);
    }
}

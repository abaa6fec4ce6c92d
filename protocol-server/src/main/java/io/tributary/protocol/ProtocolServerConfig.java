package io.tributary.protocol;

import java.util.Objects;

/**
 * Listener settings, named after the Kafka broker settings they mirror.
 *
 * @param host            address to bind, e.g. {@code 0.0.0.0}
 * @param port            port to bind; 0 picks a free one (see {@link KafkaProtocolServer#boundPort()})
 * @param maxRequestBytes largest request frame accepted ({@code socket.request.max.bytes}); a larger size
 *                        prefix closes the connection before anything is allocated
 * @param networkThreads  Netty worker event loops ({@code num.network.threads})
 * @param ioThreads       threads that invoke the {@link ApiHandler}s ({@code num.io.threads})
 * @param queuedMaxRequests requests of one connection decoded and not yet answered, at most
 *                        ({@code queued.max.requests}); when reached, the connection is not read until one is
 *                        answered. Per connection, unlike Kafka's one queue per node: see {@code ConnectionHandler}
 */
public record ProtocolServerConfig(String host, int port, int maxRequestBytes, int networkThreads, int ioThreads,
                                   int queuedMaxRequests) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 104_857_600;
    public static final int DEFAULT_NETWORK_THREADS = 3;
    public static final int DEFAULT_IO_THREADS = 8;
    public static final int DEFAULT_QUEUED_MAX_REQUESTS = 500;

    public ProtocolServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
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

    /** The Kafka broker defaults for everything but the address. */
    public static ProtocolServerConfig withDefaults(String host, int port) {
        return new ProtocolServerConfig(host, port, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_NETWORK_THREADS,
                DEFAULT_IO_THREADS, DEFAULT_QUEUED_MAX_REQUESTS);
    }
}

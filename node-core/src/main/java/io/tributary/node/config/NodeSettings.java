package io.tributary.node.config;

import java.time.Duration;

import org.springframework.core.env.PropertyResolver;

import io.tributary.protocol.ProtocolServerConfig;

/**
 * How a node, broker or coordinator, serves its Kafka listener and reaches ZooKeeper: the settings both read under
 * the same Kafka names with the same defaults, except the listener's default port.
 */
public record NodeSettings(
        ListenerAddress listener,
        ListenerAddress advertisedListener,
        String zookeeperConnect,
        Duration zookeeperSessionTimeout,
        Duration zookeeperConnectionTimeout,
        int socketRequestMaxBytes,
        int numNetworkThreads,
        int numIoThreads,
        int queuedMaxRequests) {

    /** @param defaultListener {@code listeners} when it is not set, e.g. {@code PLAINTEXT://:9092} */
    public static NodeSettings from(PropertyResolver env, String defaultListener) {
        ListenerAddress listener = Settings.listener(env, defaultListener);
        return new NodeSettings(
                listener,
                Settings.advertisedListener(env, listener),
                env.getProperty("zookeeper.connect", "127.0.0.1:2181/tributary"),
                Duration.ofMillis(env.getProperty("zookeeper.session.timeout.ms", Long.class, 18_000L)),
                Duration.ofMillis(env.getProperty("zookeeper.connection.timeout.ms", Long.class, 10_000L)),
                Settings.positive(env, "socket.request.max.bytes", 100 * 1024 * 1024),
                Settings.positive(env, "num.network.threads", 3),
                Settings.positive(env, "num.io.threads", 8),
                Settings.positive(env, "queued.max.requests", ProtocolServerConfig.DEFAULT_QUEUED_MAX_REQUESTS));
    }

    /** The Kafka listener's settings. */
    public ProtocolServerConfig protocolServer() {
        return new ProtocolServerConfig(listener.bindHost(), listener.port(), socketRequestMaxBytes, numNetworkThreads,
                numIoThreads, queuedMaxRequests);
    }

    /** The port to advertise: the configured one, or the bound one when the listener asked for any free port. */
    public int advertisedPort(int boundPort) {
        return advertisedListener.port() == 0 ? boundPort : advertisedListener.port();
    }
}

package io.tributary.node.config;

import java.time.Duration;

import org.springframework.core.env.PropertyResolver;

import io.tributary.protocol.ProtocolServerConfig;

/**
 * How a node, broker or coordinator, serves its Kafka listeners and reaches ZooKeeper: the settings both read under
 * the same Kafka names with the same defaults, except the listener's default port.
 */
public record NodeSettings(
        Listeners listeners,
        String zookeeperConnect,
        Duration zookeeperSessionTimeout,
        Duration zookeeperConnectionTimeout,
        int socketRequestMaxBytes,
        int numNetworkThreads,
        int numIoThreads,
        int queuedMaxRequests) {

    /** @param defaultListener {@code listeners} when it is not set, e.g. {@code PLAINTEXT://:9092} */
    public static NodeSettings from(PropertyResolver env, String defaultListener) {
        return new NodeSettings(
                Listeners.from(env, defaultListener),
                env.getProperty("zookeeper.connect", "127.0.0.1:2181/tributary"),
                Duration.ofMillis(env.getProperty("zookeeper.session.timeout.ms", Long.class, 18_000L)),
                Duration.ofMillis(env.getProperty("zookeeper.connection.timeout.ms", Long.class, 10_000L)),
                Settings.positive(env, "socket.request.max.bytes", 100 * 1024 * 1024),
                Settings.positive(env, "num.network.threads", 3),
                Settings.positive(env, "num.io.threads", 8),
                Settings.positive(env, "queued.max.requests", ProtocolServerConfig.DEFAULT_QUEUED_MAX_REQUESTS));
    }

    /** The Kafka listeners' settings. */
    public ProtocolServerConfig protocolServer() {
        return new ProtocolServerConfig(listeners.bound().stream()
                .map(l -> new ProtocolServerConfig.Listener(l.name(), l.bindHost(), l.port())).toList(),
                socketRequestMaxBytes, numNetworkThreads, numIoThreads, queuedMaxRequests);
    }
}

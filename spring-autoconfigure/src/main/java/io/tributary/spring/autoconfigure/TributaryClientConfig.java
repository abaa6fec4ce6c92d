package io.tributary.spring.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka client settings every client of the starters shares: the bootstrap address from the
 * {@link TributaryConnectionDetails}, the client id prefix and {@code tributary.properties.*}. Each kind of client
 * adds its own on top.
 */
public final class TributaryClientConfig {

    private final TributaryConnectionDetails connection;
    private final TributaryProperties properties;
    private final String defaultClientId;

    public TributaryClientConfig(TributaryConnectionDetails connection, TributaryProperties properties,
                                 String defaultClientId) {
        this.connection = connection;
        this.properties = properties;
        this.defaultClientId = defaultClientId;
    }

    /**
     * Settings for one kind of client: the shared ones, then {@code specific} (the kind's own keys and its
     * pass-through map, in that order of precedence), then the bootstrap address, which only the connection
     * details decide.
     *
     * @param role what the client is for, appended to the client id ("producer", "consumer", "admin", ...)
     */
    public Map<String, Object> forClient(String role, Map<String, ?> specific) {
        Map<String, Object> config = new HashMap<>(properties.getProperties());
        String clientId = properties.getClientId() != null ? properties.getClientId() : defaultClientId;
        if (clientId != null && !clientId.isBlank()) {
            config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + role);
        }
        config.putAll(specific);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", connection.getBootstrapServers()));
        return config;
    }

    public TributaryProperties properties() {
        return properties;
    }
}

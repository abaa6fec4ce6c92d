package io.tributary.node.config;

import java.util.ArrayList;
import java.util.List;

/** One entry of Kafka's {@code listeners} / {@code advertised.listeners} syntax: {@code PLAINTEXT://host:port}. */
public record ListenerAddress(String securityProtocol, String host, int port) {

    public static List<ListenerAddress> parseList(String value, String propertyName) {
        List<ListenerAddress> result = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank()) {
                result.add(parse(entry.trim(), propertyName));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException(propertyName + " is empty");
        }
        return result;
    }

    static ListenerAddress parse(String entry, String propertyName) {
        int scheme = entry.indexOf("://");
        int colon = entry.lastIndexOf(':');
        if (scheme <= 0 || colon <= scheme + 2) {
            throw new IllegalArgumentException(propertyName + " entry '" + entry + "' is not of the form PLAINTEXT://host:port");
        }
        String protocol = entry.substring(0, scheme);
        if (!protocol.equals("PLAINTEXT")) {
            throw new IllegalArgumentException(propertyName + " entry '" + entry + "': only PLAINTEXT listeners are supported");
        }
        String host = entry.substring(scheme + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(propertyName + " entry '" + entry + "' has no valid port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(propertyName + " entry '" + entry + "' has a port outside 0-65535");
        }
        return new ListenerAddress(protocol, host, port);
    }

    /** The address to bind: an empty host means every interface, as in Kafka. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }
}

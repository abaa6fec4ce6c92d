package io.tributary.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of Kafka's {@code listeners} / {@code advertised.listeners} syntax: {@code NAME://host:port}, the name
 * upper-cased as Kafka normalises it. An IPv6 host may be bracketed ({@code PLAINTEXT://[::1]:9092}).
 */
public record ListenerAddress(String name, String host, int port) {

    /** Every entry of a comma-separated list, or an empty list. */
    static List<ListenerAddress> parseList(String value) {
        List<ListenerAddress> result = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank()) {
                result.add(parse(entry.trim()));
            }
        }
        return result;
    }

    /** @throws IllegalArgumentException with Kafka's message, {@code Unable to parse X to a broker endpoint} */
    static ListenerAddress parse(String entry) {
        int scheme = entry.indexOf("://");
        int colon = entry.lastIndexOf(':');
        if (scheme <= 0 || colon <= scheme + 2) {
            throw unparsable(entry);
        }
        String host = entry.substring(scheme + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw unparsable(entry);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port of " + entry + " is outside 0-65535");
        }
        return new ListenerAddress(entry.substring(0, scheme).toUpperCase(Locale.ROOT), host, port);
    }

    private static IllegalArgumentException unparsable(String entry) {
        return new IllegalArgumentException("Unable to parse " + entry + " to a broker endpoint");
    }

    /** The address to bind: an empty host means every interface, as in Kafka. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    @Override
    public String toString() {
        return name + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

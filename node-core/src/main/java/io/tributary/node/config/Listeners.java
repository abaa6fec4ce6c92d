package io.tributary.node.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

import org.springframework.core.env.PropertyResolver;

import io.tributary.metadata.broker.Endpoint;

/**
 * Kafka's named listeners, read and checked by Kafka's rules, with Kafka's messages where it has them:
 * {@code listeners} (what to bind), {@code advertised.listeners} (what to tell clients and other nodes),
 * {@code listener.security.protocol.map} and {@code inter.broker.listener.name} (which one other nodes use).
 *
 * @param bound           every listener to bind, in the configured order
 * @param advertised      the address of every advertised listener, in the configured order; a port of 0 stands for
 *                        the port its listener binds
 * @param interBrokerName the listener other nodes reach this one on: {@code inter.broker.listener.name}, else the
 *                        listener named PLAINTEXT as in Kafka, else (Tributary's choice, where Kafka would refuse to
 *                        start) the first advertised one
 */
public record Listeners(List<ListenerAddress> bound, List<ListenerAddress> advertised, String interBrokerName) {

    static final String LISTENERS = "listeners";
    static final String ADVERTISED_LISTENERS = "advertised.listeners";
    static final String SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";

    private static final String PLAINTEXT = "PLAINTEXT";
    private static final List<String> SECURITY_PROTOCOLS = List.of(PLAINTEXT, "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    /** Kafka's default: each security protocol is also a listener name. */
    private static final String DEFAULT_SECURITY_PROTOCOL_MAP =
            "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";

    public Listeners {
        bound = List.copyOf(bound);
        advertised = List.copyOf(advertised);
    }

    /**
     * The advertised addresses of a started node, and which one other nodes use.
     *
     * @param all         every advertised listener, in the configured order
     * @param interBroker the one of {@code all} on the inter-broker listener
     */
    public record Advertised(List<Endpoint> all, Endpoint interBroker) {
    }

    /**
     * @param defaultListeners {@code listeners} when it is not set, e.g. {@code PLAINTEXT://:9092}
     * @throws IllegalArgumentException naming the setting and what is wrong with it
     */
    public static Listeners from(PropertyResolver env, String defaultListeners) {
        Map<String, String> protocols = securityProtocolMap(env.getProperty(SECURITY_PROTOCOL_MAP,
                DEFAULT_SECURITY_PROTOCOL_MAP));
        String listenersValue = env.getProperty(LISTENERS, defaultListeners);
        List<ListenerAddress> bound = endpoints(listenersValue, protocols);
        if (bound.isEmpty()) {
            throw new IllegalArgumentException(LISTENERS + " is empty");
        }
        requireDistinctNames(bound, listenersValue);
        requireDistinctPorts(bound, listenersValue);
        for (ListenerAddress listener : bound) {
            String protocol = protocols.get(listener.name());
            if (!protocol.equals(PLAINTEXT)) {
                throw new IllegalArgumentException("Listener " + listener.name() + " uses security protocol " + protocol
                        + ", but Tributary serves only PLAINTEXT listeners");
            }
        }
        List<ListenerAddress> advertised = advertised(env.getProperty(ADVERTISED_LISTENERS), bound, protocols);
        return new Listeners(bound, advertised, interBrokerName(env.getProperty(INTER_BROKER_LISTENER_NAME), advertised));
    }

    /** The advertised addresses, once the listeners are bound: a port of 0 is the port its listener bound. */
    public Advertised advertised(ToIntFunction<String> boundPort) {
        List<Endpoint> all = new ArrayList<>();
        Endpoint interBroker = null;
        for (ListenerAddress address : advertised) {
            int port = address.port() == 0 ? boundPort.applyAsInt(address.name()) : address.port();
            Endpoint endpoint = new Endpoint(address.name(), address.host(), port);
            all.add(endpoint);
            if (address.name().equals(interBrokerName)) {
                interBroker = endpoint;
            }
        }
        return new Advertised(all, interBroker);
    }

    private static Map<String, String> securityProtocolMap(String value) {
        Map<String, String> protocols = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(SECURITY_PROTOCOL_MAP + " entry '" + entry.trim()
                        + "' is not of the form LISTENER_NAME:SECURITY_PROTOCOL");
            }
            String protocol = parts[1].trim().toUpperCase(Locale.ROOT);
            if (!SECURITY_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException(SECURITY_PROTOCOL_MAP + " entry '" + entry.trim()
                        + "' names an unknown security protocol " + parts[1].trim() + " (known: "
                        + String.join(", ", SECURITY_PROTOCOLS) + ")");
            }
            protocols.put(parts[0].trim().toUpperCase(Locale.ROOT), protocol);
        }
        return protocols;
    }

    /** Kafka's wording: {@code Error creating broker listeners from '…': No security protocol defined for listener X}. */
    private static List<ListenerAddress> endpoints(String value, Map<String, String> protocols) {
        try {
            List<ListenerAddress> endpoints = ListenerAddress.parseList(value);
            for (ListenerAddress endpoint : endpoints) {
                if (!protocols.containsKey(endpoint.name())) {
                    throw new IllegalArgumentException("No security protocol defined for listener " + endpoint.name());
                }
            }
            return endpoints;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Error creating broker listeners from '" + value + "': " + e.getMessage(), e);
        }
    }

    private static void requireDistinctNames(List<ListenerAddress> endpoints, String value) {
        if (endpoints.stream().map(ListenerAddress::name).distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException("Each listener must have a different name, listeners: " + value);
        }
    }

    /** Port 0 (any free port) may repeat, as in Kafka. */
    private static void requireDistinctPorts(List<ListenerAddress> endpoints, String value) {
        List<Integer> ports = endpoints.stream().map(ListenerAddress::port).filter(port -> port != 0).toList();
        if (ports.stream().distinct().count() != ports.size()) {
            throw new IllegalArgumentException("Each listener must have a different port, listeners: " + value);
        }
    }

    /**
     * The explicit {@code advertised.listeners}, or else every listener; an empty host is advertised as 127.0.0.1,
     * and so is 0.0.0.0 when the listener itself is advertised (an explicit 0.0.0.0 is refused, as Kafka does).
     */
    private static List<ListenerAddress> advertised(String value, List<ListenerAddress> bound,
                                                    Map<String, String> protocols) {
        List<ListenerAddress> advertised = value == null ? List.of() : endpoints(value, protocols);
        if (advertised.isEmpty()) {
            advertised = bound.stream()
                    .map(l -> l.host().equals("0.0.0.0") ? new ListenerAddress(l.name(), "", l.port()) : l)
                    .toList();
        } else {
            requireDistinctNames(advertised, value);
            if (advertised.stream().anyMatch(a -> a.host().equals("0.0.0.0"))) {
                throw new IllegalArgumentException(ADVERTISED_LISTENERS + " cannot use the nonroutable meta-address "
                        + "0.0.0.0. Use a routable IP address.");
            }
            Set<String> boundNames = names(bound);
            Set<String> advertisedNames = names(advertised);
            if (!boundNames.containsAll(advertisedNames)) {
                throw new IllegalArgumentException(ADVERTISED_LISTENERS + " listener names must be equal to or a subset "
                        + "of the ones defined in " + LISTENERS + ". Found " + String.join(",", advertisedNames)
                        + ". The valid options based on the current configuration are " + String.join(",", boundNames));
            }
        }
        return advertised.stream()
                .map(a -> a.host().isEmpty() ? new ListenerAddress(a.name(), "127.0.0.1", a.port()) : a)
                .toList();
    }

    private static String interBrokerName(String configured, List<ListenerAddress> advertised) {
        Set<String> names = names(advertised);
        if (configured == null || configured.isBlank()) {
            return names.contains(PLAINTEXT) ? PLAINTEXT : advertised.get(0).name();
        }
        String name = configured.trim().toUpperCase(Locale.ROOT);
        if (!names.contains(name)) {
            throw new IllegalArgumentException(INTER_BROKER_LISTENER_NAME + " must be a listener name defined in "
                    + ADVERTISED_LISTENERS + ". The valid options based on currently configured listeners are "
                    + String.join(",", names));
        }
        return name;
    }

    private static Set<String> names(List<ListenerAddress> endpoints) {
        Set<String> names = new LinkedHashSet<>();
        endpoints.forEach(e -> names.add(e.name()));
        return names;
    }
}

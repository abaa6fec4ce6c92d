package io.tributary.node.config;

import org.springframework.core.env.PropertyResolver;

/**
 * Reading Kafka-named settings the same way in every service: listeners in Kafka's syntax, numbers with their
 * bounds, and an error that names the setting.
 */
public final class Settings {

    private Settings() {
    }

    /** The first entry of {@code listeners}. */
    public static ListenerAddress listener(PropertyResolver env, String defaultValue) {
        return ListenerAddress.parseList(env.getProperty("listeners", defaultValue), "listeners").get(0);
    }

    /** {@code advertised.listeners}, or else the listener itself, with an unspecified host advertised as 127.0.0.1. */
    public static ListenerAddress advertisedListener(PropertyResolver env, ListenerAddress listener) {
        String advertised = env.getProperty("advertised.listeners");
        if (advertised != null && !advertised.isBlank()) {
            return ListenerAddress.parseList(advertised, "advertised.listeners").get(0);
        }
        if (listener.host().isEmpty() || listener.host().equals("0.0.0.0")) {
            return new ListenerAddress(listener.securityProtocol(), "127.0.0.1", listener.port());
        }
        return listener;
    }

    public static int positive(PropertyResolver env, String name, int defaultValue) {
        int value = env.getProperty(name, Integer.class, defaultValue);
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    public static long positiveLong(PropertyResolver env, String name, long defaultValue) {
        long value = env.getProperty(name, Long.class, defaultValue);
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    public static long nonNegative(PropertyResolver env, String name, long defaultValue) {
        long value = env.getProperty(name, Long.class, defaultValue);
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }
}

package io.tributary.node.config;

import org.springframework.core.env.PropertyResolver;

/**
 * Reading Kafka-named settings the same way in every service: numbers with their bounds, and an error that names
 * the setting (listeners: {@link Listeners}).
 */
public final class Settings {

    private Settings() {
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

package io.tributary.node.topic;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;

/**
 * The parsed, validated value of every topic config, as {@link TopicConfigSchema#parse} returns it: typed as the
 * schema defines each one (INT as {@link Integer}, LONG as {@link Long}, …), under {@link TopicConfig}'s names.
 */
public record TopicConfigValues(Map<String, Object> asMap) {

    public TopicConfigValues {
        asMap = Collections.unmodifiableMap(asMap);
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public long getLong(String name) {
        return (Long) get(name);
    }

    public double getDouble(String name) {
        return (Double) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    public List<String> getList(String name) {
        return ((List<?>) get(name)).stream().map(String.class::cast).toList();
    }

    private Object get(String name) {
        Object value = asMap.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No topic config named " + name);
        }
        return value;
    }
}

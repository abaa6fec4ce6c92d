package io.tributary.spring.e2e.consumer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What each listener was called with, and how often each record id was attempted, for the tests to check. */
public final class Deliveries {

    private final Map<String, List<Object>> received = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    void add(String listener, Object payload) {
        received.computeIfAbsent(listener, key -> new CopyOnWriteArrayList<>()).add(payload);
    }

    int attempt(String id) {
        return attempts.merge(id, 1, Integer::sum);
    }

    public List<Object> of(String listener) {
        return List.copyOf(received.getOrDefault(listener, List.of()));
    }

    public int attempts(String id) {
        return attempts.getOrDefault(id, 0);
    }
}

package io.tributary.e2e.admin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every admin API request the tests of this JVM sent that was not refused with 401 or 403, as method and path, so
 * that a test can check each operation of the OpenAPI document against them.
 */
public final class ExercisedOperations {

    private static final Set<String> SENT = ConcurrentHashMap.newKeySet();

    private ExercisedOperations() {
    }

    static void record(String method, String path) {
        SENT.add(method + " " + path);
    }

    /** {@code "GET /v3/clusters/abc/topics"}, ... with the query left out. */
    public static Set<String> sent() {
        return Set.copyOf(SENT);
    }
}

package io.tributary.spring.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The bootstrap addresses the test contexts of this JVM were given, whatever order the classes run in. */
final class ClustersSeen {

    private static final Set<String> BOOTSTRAP_SERVERS = ConcurrentHashMap.newKeySet();

    private ClustersSeen() {
    }

    static Set<String> add(String bootstrapServers) {
        BOOTSTRAP_SERVERS.add(bootstrapServers);
        return Set.copyOf(BOOTSTRAP_SERVERS);
    }
}

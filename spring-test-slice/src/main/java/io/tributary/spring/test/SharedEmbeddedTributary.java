package io.tributary.spring.test;

import io.tributary.embedded.EmbeddedCluster;

/**
 * The one embedded Tributary of this JVM: started by the first test context that needs it, stopped (and its data
 * deleted) when the JVM exits. Test contexts Spring still caches then may log that the cluster went away while they
 * close; nothing is left behind.
 */
public final class SharedEmbeddedTributary {

    private static EmbeddedCluster cluster;

    private SharedEmbeddedTributary() {
    }

    /** The JVM's embedded cluster, started on first use. */
    public static synchronized EmbeddedCluster cluster() {
        if (cluster == null) {
            EmbeddedCluster started = EmbeddedCluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tributary-embedded-shutdown"));
            cluster = started;
        }
        return cluster;
    }
}

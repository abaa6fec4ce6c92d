package io.tributary.spring.test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.tributary.embedded.EmbeddedCluster;

/**
 * The bootstrap address of the JVM's cluster once the topics one test context asked for exist. Whatever reaches the
 * cluster from the context asks for the address first, so it never sees the cluster before those topics.
 */
final class EmbeddedTributaryReady {

    private final CompletableFuture<String> bootstrapServers;

    EmbeddedTributaryReady(Set<String> topics, int partitions) {
        // on a thread of its own even when the cluster is up already, so that the context is built meanwhile
        this.bootstrapServers = SharedEmbeddedTributary.starting()
                .thenApplyAsync(cluster -> prepare(cluster, topics, partitions), EmbeddedTributaryReady::runAlone);
    }

    private static String prepare(EmbeddedCluster cluster, Set<String> topics, int partitions) {
        if (!topics.isEmpty()) {
            cluster.createTopics(partitions, topics.toArray(String[]::new));
        }
        return cluster.bootstrapServers();
    }

    private static void runAlone(Runnable task) {
        Thread thread = new Thread(task, "tributary-embedded-topics");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the cluster is up and the topics exist. */
    String bootstrapServers() {
        return SharedEmbeddedTributary.await(bootstrapServers);
    }

    List<String> bootstrapServerList() {
        return List.of(bootstrapServers());
    }
}

package io.tributary.spring.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.embedded.EmbeddedCluster;

/**
 * The one embedded Tributary of this JVM: started by the first test context that needs it, on a thread of its own
 * so that Spring builds that context meanwhile, and stopped (its data deleted) when the JVM exits. Test contexts
 * Spring still caches then may log that the cluster went away while they close; nothing is left behind.
 */
public final class SharedEmbeddedTributary {

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private static CompletableFuture<EmbeddedCluster> starting;

    private SharedEmbeddedTributary() {
    }

    /** The JVM's embedded cluster, started on first use; waits for it to be ready. */
    public static EmbeddedCluster cluster() {
        return await(starting());
    }

    /** The JVM's embedded cluster as it starts: the first call starts it. */
    static synchronized CompletableFuture<EmbeddedCluster> starting() {
        if (starting == null) {
            CompletableFuture<EmbeddedCluster> future = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    future.complete(EmbeddedCluster.start());
                } catch (Throwable e) {
                    // errors too (a class missing from the test classpath): every waiting context must hear of it
                    future.completeExceptionally(new IllegalStateException(
                            "The embedded Tributary did not start: " + e.getMessage(), e));
                }
            }, "tributary-embedded-start");
            starter.setDaemon(true);
            starter.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeOnceStarted(future),
                    "tributary-embedded-shutdown"));
            starting = future;
        }
        return starting;
    }

    /** A start still under way at exit is waited for, so that its data directory is deleted too. */
    private static void closeOnceStarted(CompletableFuture<EmbeddedCluster> future) {
        try {
            future.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        } catch (ExecutionException | TimeoutException e) {
            // it never started, or is stuck starting: there is nothing this exiting JVM can close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for {@code future}; its failure is thrown again with its own message, from the caller's stack. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}

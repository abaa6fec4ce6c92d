package io.tributary.node.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;

import io.tributary.metadata.MetadataException;

/**
 * Registers a node in ZooKeeper, waiting out a registration left by the same node's previous session: after a crash
 * that session stays alive until its timeout, and ZooKeeper restarts the timer when the server itself restarts (the
 * standalone case). A registration that outlives two session timeouts belongs to a live node: the start fails.
 */
public final class StaleRegistration {

    private static final long RETRY_MS = 500;

    private StaleRegistration() {
    }

    public static void register(Runnable registration, MetadataException.Reason inUse, Duration sessionTimeout,
            String node, Logger log) {
        long deadline = System.nanoTime() + 2 * sessionTimeout.toNanos();
        boolean waiting = false;
        while (true) {
            try {
                registration.run();
                return;
            } catch (MetadataException e) {
                if (e.reason() != inUse || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!waiting) {
                    log.warn("{} is still registered, probably by its previous session; waiting up to {} ms for that "
                            + "session to expire", node, 2 * sessionTimeout.toMillis());
                    waiting = true;
                }
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}

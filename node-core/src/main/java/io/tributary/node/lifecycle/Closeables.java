package io.tributary.node.lifecycle;

import org.slf4j.Logger;

/** Stopping a service part by part: one part that fails to close must not keep the others open. */
public final class Closeables {

    private Closeables() {
    }

    public static void closeQuietly(Logger log, String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Closing the {} failed: {}", what, e.toString());
        }
    }
}

package io.tributary.e2e.admin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.tributary.e2e.support.Waiting;

/**
 * The admin API's HTTP server comes up after the Kafka listeners that the process harness waits for.
 */
public final class AdminApiWaits {

    private AdminApiWaits() {
    }

    /** Waits until {@code GET path} answers 200, and returns that answer. */
    public static AdminResponse whenServing(AdminApiClient api, String path) {
        AtomicReference<AdminResponse> last = new AtomicReference<>();
        Waiting.atMost(Duration.ofSeconds(60), () -> "GET " + path + " never answered 200, last: " + last.get())
                .until(() -> {
                    try {
                        last.set(api.get(path));
                    } catch (RuntimeException notYetListening) {
                        return false;
                    }
                    return last.get().status() == 200;
                });
        return last.get();
    }
}

package io.tributary.spring.autoconfigure.listener.lag;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/**
 * The admin client behind the listener operations and lag: opened on first use, so an application whose endpoint
 * and health are never asked opens no connection for them.
 */
public final class ListenerAdmin implements AutoCloseable {

    private final Map<String, Object> config;
    private Admin admin;

    public ListenerAdmin(Map<String, Object> config) {
        this.config = Map.copyOf(config);
    }

    public synchronized Admin get() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}

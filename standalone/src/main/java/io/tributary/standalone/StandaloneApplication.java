package io.tributary.standalone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.tributary.broker.BrokerApplication;
import io.tributary.broker.StartupFailure;

/**
 * Tributary in one JVM: an embedded ZooKeeper server and one broker, data under {@code ./tributary-data}, the
 * Kafka protocol on 127.0.0.1:9092. On SIGTERM the broker stops first (it deregisters and checkpoints its logs),
 * then ZooKeeper.
 */
public final class StandaloneApplication {

    private StandaloneApplication() {
    }

    public static void main(String[] args) {
        StartupFailure.exitOnFailure("standalone", () -> run(args));
    }

    private static void run(String[] args) {
        StandaloneOptions options = StandaloneOptions.parse(args);
        EmbeddedZooKeeper zookeeper;
        try {
            zookeeper = EmbeddedZooKeeper.start(options.dataDir().resolve("zookeeper"), options.zookeeperPort());
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("broker.id", "1");
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + options.kafkaPort());
        settings.put("log.dirs", options.dataDir().resolve("logs").toString());
        settings.put("zookeeper.connect", zookeeper.connectString("/tributary"));
        settings.put("server.port", "8080");
        // one node, so a crashed run's ZooKeeper session (restored with the data) should expire quickly
        settings.put("zookeeper.session.timeout.ms", "6000");
        settings.put("spring.application.name", "tributary-standalone");
        List<String> brokerArgs = new ArrayList<>();
        for (String arg : options.brokerArgs()) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                // Spring joins repeated options with commas, so a user's setting replaces the default instead
                settings.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else {
                brokerArgs.add(arg);
            }
        }
        settings.forEach((name, value) -> brokerArgs.add("--" + name + "=" + value));
        // registered before the context starts, so a SIGTERM during start-up still closes the broker (which waits for
        // the start to finish) and only then ZooKeeper; a broker that never deregisters would block the next start
        AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ConfigurableApplicationContext started = context.get();
            if (started != null) {
                started.close();
            }
            zookeeper.close();
        }, "tributary-shutdown"));
        try {
            new SpringApplicationBuilder(BrokerApplication.class)
                    .registerShutdownHook(false)
                    .listeners((ApplicationListener<ApplicationPreparedEvent>) event -> context.set(event.getApplicationContext()))
                    .run(brokerArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            zookeeper.close();
            throw e;
        }
    }
}

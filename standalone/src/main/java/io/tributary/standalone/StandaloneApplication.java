package io.tributary.standalone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
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
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(BrokerApplication.class)
                    .registerShutdownHook(false)
                    .run(brokerArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            zookeeper.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            zookeeper.close();
        }, "tributary-shutdown"));
    }
}

package io.tributary.standalone;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.micrometer.core.instrument.MeterRegistry;

import io.tributary.admin.AdminApiApplication;
import io.tributary.broker.BrokerApplication;
import io.tributary.coordinator.Coordinator;
import io.tributary.coordinator.config.CoordinatorConfig;
import io.tributary.embedded.EmbeddedZooKeeper;
import io.tributary.node.lifecycle.StartupFailure;

/**
 * Tributary in one JVM: an embedded ZooKeeper server, one broker (Kafka protocol on 127.0.0.1:9092), one group
 * coordinator (127.0.0.1:9093) and the admin API (with Actuator, on http://127.0.0.1:8080), data under
 * {@code ./tributary-data}. On SIGTERM the coordinator stops first, then the
 * broker (it deregisters and checkpoints its logs), then ZooKeeper.
 */
public final class StandaloneApplication {

    private StandaloneApplication() {
    }

    public static void main(String[] args) {
        StartupFailure.exitOnFailure("standalone", () -> run(args));
    }

    private static void run(String[] args) {
        StandaloneOptions options = StandaloneOptions.parse(args);
        // ZooKeeper reads the four-letter words it answers from a system property: ruok and srvr let operators probe it
        System.setProperty("zookeeper.4lw.commands.whitelist", "ruok,srvr");
        EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(options.dataDir().resolve("zookeeper"),
                options.zookeeperPort());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("broker.id", "1");
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + options.kafkaPort());
        settings.put("log.dirs", options.dataDir().resolve("logs").toString());
        settings.put("zookeeper.connect", zookeeper.connectString("/tributary"));
        settings.put("server.port", "8080");
        // loopback, as the Kafka listener: an admin API reachable from elsewhere must have users configured first
        settings.put("server.address", "127.0.0.1");
        settings.put("tributary.admin.bootstrap-servers", "127.0.0.1:" + options.kafkaPort());
        settings.put("tributary.admin.data-dir", options.dataDir().resolve("admin").toString());
        // the broker registrations: the admin API shows each node's health and listeners from them
        settings.put("tributary.admin.zookeeper-connect", zookeeper.connectString("/tributary"));
        // one node, so a crashed run's ZooKeeper session (restored with the data) should expire quickly
        settings.put("zookeeper.session.timeout.ms", "6000");
        settings.put("zookeeper.connection.timeout.ms", "6000");
        // one broker: the internal topic cannot have more replicas, and a developer wants groups to form at once
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
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
        // the hook waits for the start to finish, so that a SIGTERM during start-up still stops the coordinator and
        // the broker (each deregisters) before ZooKeeper: a registration left behind would delay the next start
        Object startup = new Object();
        AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
        AtomicReference<Coordinator> coordinator = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (startup) {
                Optional.ofNullable(coordinator.get()).ifPresent(Coordinator::close);
                Optional.ofNullable(context.get()).ifPresent(ConfigurableApplicationContext::close);
                zookeeper.close();
            }
        }, "tributary-shutdown"));
        synchronized (startup) {
            context.set(new SpringApplicationBuilder(BrokerApplication.class, AdminApiApplication.class)
                    .registerShutdownHook(false)
                    .run(brokerArgs.toArray(String[]::new)));
            coordinator.set(startCoordinator(options, zookeeper, context.get()));
        }
    }

    /**
     * The coordinator runs beside the broker as a plain component: it shares the broker's settings (so
     * {@code --group.initial.rebalance.delay.ms=...} works) and its metrics registry, and so its Actuator endpoint.
     */
    private static Coordinator startCoordinator(StandaloneOptions options, EmbeddedZooKeeper zookeeper,
            ConfigurableApplicationContext context) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("coordinator.id", "1000");
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + options.coordinatorPort());
        settings.put("advertised.listeners", "");
        settings.put("zookeeper.connect", zookeeper.connectString("/tributary"));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("standalone-coordinator", settings));
        context.getEnvironment().getPropertySources().forEach(environment.getPropertySources()::addLast);
        Coordinator coordinator = new Coordinator(CoordinatorConfig.from(environment),
                context.getBean(MeterRegistry.class), Clock.systemUTC());
        try {
            coordinator.start();
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
        return coordinator;
    }
}

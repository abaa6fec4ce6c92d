package io.tributary.e2e.deploy.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.tributary.e2e.admin.AdminApiClient;
import io.tributary.e2e.admin.AdminResponse;
import io.tributary.e2e.support.AdminApiProcess;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;
import io.tributary.e2e.support.ZooKeeperProcess;

/**
 * A broker, a coordinator and the admin API as their own processes over one ZooKeeper, each with its Actuator on a
 * known port, driven until every conditional meter exists: a topic created through the admin API (its change
 * counter), records produced and a group that committed half of them (request meters of every API the clients use,
 * the coordinator's lag gauges in offsets and seconds), and a Metadata request for a topic that does not exist (the
 * broker's request error counter). {@link #scrape} answers what Prometheus would scrape from each.
 */
final class ScrapedServices implements AutoCloseable {

    static final String TOPIC = "metrics-reference";
    static final String GROUP = "metrics-reference-group";
    private static final String CHROOT = "/tributary";
    private static final int RECORDS = 20;
    private static final int CONSUMED = 10;
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path root;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, Integer> httpPorts = new EnumMap<>(Service.class);
    private ZooKeeperProcess zookeeper;
    private ServiceProcess broker;
    private ServiceProcess coordinator;
    private AdminApiProcess adminApi;
    private String bootstrap;

    private ScrapedServices(Path root) {
        this.root = root;
    }

    /** Starts the three services and drives them until every meter the dashboard and the reference name exists. */
    static ScrapedServices start() {
        ScrapedServices services = new ScrapedServices(createRoot());
        try {
            services.launch();
            services.exercise();
            return services;
        } catch (RuntimeException | Error e) {
            services.close();
            throw e;
        }
    }

    private void launch() {
        zookeeper = closeLater(ZooKeeperProcess.start(Ports.free(), root.resolve("zookeeper")));
        String zkConnect = zookeeper.connectString() + CHROOT;
        int brokerPort = Ports.free();
        int coordinatorPort = Ports.free();
        httpPorts.put(Service.BROKER, Ports.free());
        httpPorts.put(Service.COORDINATOR, Ports.free());
        bootstrap = "127.0.0.1:" + brokerPort;
        broker = closeLater(ServiceProcess.start(Service.BROKER, List.of(
                "--broker.id=1",
                "--listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "--log.dirs=" + root.resolve("broker-1"),
                "--zookeeper.connect=" + zkConnect,
                "--server.port=" + httpPorts.get(Service.BROKER))));
        coordinator = closeLater(ServiceProcess.start(Service.COORDINATOR, List.of(
                "--coordinator.id=1000",
                "--listeners=PLAINTEXT://127.0.0.1:" + coordinatorPort,
                "--zookeeper.connect=" + zkConnect,
                "--offsets.topic.replication.factor=1",
                "--group.initial.rebalance.delay.ms=0",
                "--server.port=" + httpPorts.get(Service.COORDINATOR))));
        broker.awaitReady("127.0.0.1", brokerPort, DEADLINE);
        coordinator.awaitReady("127.0.0.1", coordinatorPort, DEADLINE);
        adminApi = closeLater(AdminApiProcess.start(bootstrap, root.resolve("admin-api"),
                "--tributary.admin.zookeeper-connect=" + zkConnect));
        httpPorts.put(Service.ADMIN_API, adminApi.httpPort());
        for (Service service : Service.values()) {
            awaitScrape(service, "# TYPE jvm_");
        }
    }

    private void exercise() {
        AdminApiClient api = AdminApiClient.onPort(adminApi.httpPort());
        AdminResponse created = api.post("/v3/clusters/" + api.clusterId() + "/topics",
                Map.of("topic_name", TOPIC, "partitions_count", 1, "replication_factor", 1));
        if (created.status() != 201) {
            throw new AssertionError("creating " + TOPIC + " through the admin API answered " + created);
        }
        produce();
        consumeAndCommitHalf();
        askForATopicThatDoesNotExist();
        awaitScrape(Service.ADMIN_API, "tributary_admin_changes_total{");
        awaitScrape(Service.BROKER, "tributary_request_errors_total{");
        // the coordinator refreshes its lag gauges every 10 s
        awaitScrape(Service.COORDINATOR, "tributary_group_lag_seconds{");
        for (Service service : Service.values()) {
            // the framework's HTTP meters exist once a request finished: the scrapes above are such requests
            awaitScrape(service, "http_server_requests_seconds_count{");
            // a JVM's GC pause timer exists from its first collection, which a quiet service may not have had yet
            collectGarbage(service);
            awaitScrape(service, "jvm_gc_pause_seconds_count{");
        }
    }

    private void collectGarbage(Service service) {
        long pid = switch (service) {
            case BROKER -> broker.pid();
            case COORDINATOR -> coordinator.pid();
            case ADMIN_API -> adminApi.pid();
        };
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).start();
            gc.getOutputStream().close();
            if (!gc.waitFor(60, TimeUnit.SECONDS)) {
                gc.destroyForcibly();
                throw new AssertionError("jcmd " + pid + " GC.run did not return");
            }
            if (gc.exitValue() != 0) {
                throw new AssertionError("jcmd " + pid + " GC.run exited with " + gc.exitValue() + ": "
                        + new String(gc.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("producing to " + TOPIC + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void consumeAndCommitHalf() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            int[] read = {0};
            Waiting.atMost(DEADLINE, () -> "read " + read[0] + " of " + RECORDS + " records of " + TOPIC
                    + "\n" + coordinator.describe(30))
                    .until(() -> {
                        read[0] += consumer.poll(Duration.ofMillis(200)).count();
                        return read[0] >= RECORDS;
                    });
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(CONSUMED)));
        }
    }

    private void askForATopicThatDoesNotExist() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.describeTopics(List.of("no-such-topic")).allTopicNames().get(30, TimeUnit.SECONDS);
            throw new AssertionError("no-such-topic was described");
        } catch (ExecutionException expected) {
            // UNKNOWN_TOPIC_OR_PARTITION, counted by the broker
        } catch (TimeoutException e) {
            throw new AssertionError("describing no-such-topic did not end", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void awaitScrape(Service service, String expected) {
        Waiting.atMost(DEADLINE, () -> service + " never exposed " + expected + "\n" + describe(service))
                .until(() -> {
                    try {
                        return scrape(service).contains(expected);
                    } catch (AssertionError notYet) {
                        return false;
                    }
                });
    }

    /** {@code GET /actuator/prometheus} of the service, as Prometheus scrapes it. */
    String scrape(Service service) {
        URI uri = URI.create("http://127.0.0.1:" + httpPorts.get(service) + "/actuator/prometheus");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The process's log tails: for failure messages. */
    String describe(Service service) {
        return switch (service) {
            case BROKER -> broker == null ? "" : broker.describe(30);
            case COORDINATOR -> coordinator == null ? "" : coordinator.describe(30);
            case ADMIN_API -> adminApi == null ? "" : adminApi.describe(30);
        };
    }

    /** The repository's root directory, where docs/ and monitoring/ are. */
    static Path repositoryRoot() {
        // failsafe runs in the e2e-tests module; an IDE may run from the reactor root
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("e2e-tests")) ? cwd : cwd.getParent();
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        started.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        List<Throwable> failures = new ArrayList<>();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
        deleteRecursively(root);
        if (!failures.isEmpty()) {
            AssertionError failed = new AssertionError("stopping the services failed");
            failures.forEach(failed::addSuppressed);
            throw failed;
        }
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("tributary-metrics-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "services " + httpPorts;
    }
}

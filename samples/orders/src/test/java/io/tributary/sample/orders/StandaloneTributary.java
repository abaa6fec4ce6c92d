package io.tributary.sample.orders;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code tributary-standalone.jar} (built earlier in the reactor) as its own process on free ports, as the README
 * has users start it; its output goes to {@code target/standalone-<port>.log}.
 */
final class StandaloneTributary implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final int kafkaPort;
    private final Path log;

    private StandaloneTributary(Process process, int kafkaPort, Path log) {
        this.process = process;
        this.kafkaPort = kafkaPort;
        this.log = log;
    }

    static StandaloneTributary start(Path dataDir) throws IOException {
        Path jar = Paths.get(System.getProperty("tributary.standalone.jar",
                "../../standalone/target/tributary-standalone.jar")).toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " does not exist: build the reactor first (mvn package)");
        }
        // ZooKeeper, the coordinator (which registers the port it bound) and the admin API bind what the system
        // picks; the Kafka port is chosen here, as the standalone passes it on to its admin API as written and
        // reports no port it bound
        int kafkaPort = freePort();
        Path log = Paths.get("target", "standalone-" + kafkaPort + ".log").toAbsolutePath();
        Process process = new ProcessBuilder(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "-jar", jar.toString(), "--data-dir=" + dataDir.toAbsolutePath(), "--port=" + kafkaPort,
                "--zookeeper-port=0", "--coordinator-port=0", "--server.port=0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        StandaloneTributary tributary = new StandaloneTributary(process, kafkaPort, log);
        try {
            tributary.awaitReady();
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return tributary;
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    private void awaitReady() {
        // the Admin only once the port accepts: before that it logs a warning at every reconnect
        await("standalone listening on " + bootstrap() + " (log " + log + ")").atMost(START_DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .failFast("standalone exited; log " + log, () -> !process.isAlive())
                .until(this::accepts);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            await("standalone answering on " + bootstrap() + " (log " + log + ")").atMost(START_DEADLINE)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("standalone exited; log " + log, () -> !process.isAlive())
                    .ignoreExceptions()
                    .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == 1);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), kafkaPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** SIGTERM, and waits for the exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while stopping standalone", e));
        }
    }
}

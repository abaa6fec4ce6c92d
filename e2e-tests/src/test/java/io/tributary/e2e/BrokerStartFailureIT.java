package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Ports;

/**
 * broker-service.jar started with settings it cannot work with. Each start must end within 60 s with a non-zero
 * exit code and exactly one stderr line {@code Tributary broker failed to start: <reason>} naming the cause, and no
 * stack trace on stderr (the details belong in the log, on stdout).
 */
class BrokerStartFailureIT {

    private static final String FAILED_TO_START = "Tributary broker failed to start:";

    @Test
    void brokerFailsToStartWhenZooKeeperIsUnreachable(@TempDir Path tmp) {
        int nobody = Ports.free();
        ServiceProcess broker = ServiceProcess.start(Service.BROKER, List.of("--broker.id=1",
                "--listeners=PLAINTEXT://127.0.0.1:" + Ports.free(), "--log.dirs=" + tmp.resolve("logs"),
                "--zookeeper.connect=127.0.0.1:" + nobody + "/tributary", "--zookeeper.connection.timeout.ms=3000"));
        String reason = assertFailedToStart(broker);
        assertThat(reason.toLowerCase()).as("reason names ZooKeeper").contains("zookeeper");
    }

    @Test
    void brokerFailsToStartWhenTheLogDirCannotBeCreated(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "a regular file, not a directory");
        Path logDir = file.resolve("logs"); // root may write anywhere, but nobody can mkdir under a regular file
        try (TestingServer zookeeper = new TestingServer(Ports.free(), tmp.resolve("zk").toFile(), true)) {
            ServiceProcess broker = ServiceProcess.start(Service.BROKER, List.of("--broker.id=1",
                    "--listeners=PLAINTEXT://127.0.0.1:" + Ports.free(), "--log.dirs=" + logDir,
                    "--zookeeper.connect=" + zookeeper.getConnectString() + "/tributary",
                    "--zookeeper.connection.timeout.ms=10000"));
            String reason = assertFailedToStart(broker);
            assertThat(reason).as("reason names the log dir").containsAnyOf(logDir.toString(), "log.dirs",
                    "log dir");
        }
    }

    @Test
    void brokerFailsToStartWhenItsListenerPortIsTaken(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket();
                TestingServer zookeeper = new TestingServer(Ports.free(), tmp.resolve("zk").toFile(), true)) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free()));
            int port = taken.getLocalPort();
            ServiceProcess broker = ServiceProcess.start(Service.BROKER, List.of("--broker.id=1",
                    "--listeners=PLAINTEXT://127.0.0.1:" + port, "--log.dirs=" + tmp.resolve("logs"),
                    "--zookeeper.connect=" + zookeeper.getConnectString() + "/tributary",
                    "--zookeeper.connection.timeout.ms=10000"));
            String reason = assertFailedToStart(broker);
            assertThat(reason).as("reason names the port").containsAnyOf(String.valueOf(port), "in use",
                    "Address already in use");
        }
    }

    /** Exit non-zero within 60 s; exactly one stderr line starts with the failure prefix; no stack trace. */
    private static String assertFailedToStart(ServiceProcess broker) {
        try (broker) {
            int exit = broker.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("exit code\n%s", broker.describe(40)).isNotZero();
            String stderr = broker.stderr();
            List<String> failures = stderr.lines().filter(line -> line.startsWith(FAILED_TO_START)).toList();
            assertThat(failures).as("stderr lines starting '%s'\n%s", FAILED_TO_START, broker.describe(40))
                    .hasSize(1);
            assertThat(stderr).as("stderr has no stack trace\n%s", broker.describe(40))
                    .doesNotContain("\tat ").doesNotContain("Exception in thread");
            String reason = failures.get(0).substring(FAILED_TO_START.length()).strip();
            assertThat(reason).as("the reason").isNotBlank();
            return reason;
        }
    }
}

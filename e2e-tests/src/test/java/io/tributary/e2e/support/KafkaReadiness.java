package io.tributary.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.awaitility.core.ThrowingRunnable;

/**
 * Waits until a started process answers on its Kafka port: the port accepts, then a kafka-clients Admin gets an
 * answer to {@code describeCluster} (ApiVersions, then DescribeCluster or Metadata). A process that exits first
 * fails the wait at once.
 */
final class KafkaReadiness {

    private KafkaReadiness() {
    }

    static void await(Process process, String what, String host, int port, Duration deadline,
            Supplier<String> log) {
        String bootstrap = host + ":" + port;
        long end = System.nanoTime() + deadline.toNanos();
        ThrowingRunnable exited = Waiting.alive(process, () -> what + " exited with " + process.exitValue()
                + " before it answered on " + bootstrap + ":\n" + log.get());
        // the Admin comes only once the port accepts: before that it would log a warning every backoff
        Waiting.atMost(deadline, () -> what + " did not open " + bootstrap + ":\n" + log.get())
                .failFast(exited)
                .until(() -> accepts(host, port));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500,
                AdminClientConfig.CLIENT_ID_CONFIG, "e2e-readiness"))) {
            Waiting.atMost(Duration.ofNanos(Math.max(0, end - System.nanoTime())),
                            () -> what + " did not answer describeCluster on " + bootstrap + ":\n" + log.get())
                    .failFast(exited)
                    .until(() -> answersDescribeCluster(admin));
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answersDescribeCluster(Admin admin) {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(4, TimeUnit.SECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            return false;
        }
    }
}

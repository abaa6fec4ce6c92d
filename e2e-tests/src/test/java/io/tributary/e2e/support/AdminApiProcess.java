package io.tributary.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.core.ThrowingRunnable;

import io.tributary.e2e.support.ServiceProcess.Service;

/**
 * {@code admin-api.jar} ({@link Service#ADMIN_API}) running as its own process against a cluster, on a free HTTP
 * port of 127.0.0.1, with its audit database under {@code dataDir}. Further arguments are Spring settings of the admin
 * API ({@code --tributary.admin.zookeeper-connect=...}, users, {@code --server.address=...}: a later one wins).
 *
 * <pre>{@code
 * try (AdminApiProcess api = AdminApiProcess.start(cluster.bootstrap(), tempDir,
 *         "--tributary.admin.zookeeper-connect=" + cluster.zookeeperConnect())) {
 *     ... AdminApiClient.onPort(api.httpPort()) ...
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once the HTTP port accepts connections (deadline 90 s; a process that exits first fails
 * the start at once, with its log tails); {@link #launch} returns at once, for a test of a start that must fail.
 */
public final class AdminApiProcess implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(90);

    private final ServiceProcess process;
    private final int httpPort;

    private AdminApiProcess(ServiceProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts the admin API against {@code bootstrapServers} and waits until it serves HTTP. */
    public static AdminApiProcess start(String bootstrapServers, Path dataDir, String... extraArgs) {
        AdminApiProcess api = launch(bootstrapServers, dataDir, extraArgs);
        try {
            api.awaitServing();
        } catch (RuntimeException | Error e) {
            api.process.kill9();
            throw e;
        }
        return api;
    }

    /** Starts the admin API and returns at once. */
    public static AdminApiProcess launch(String bootstrapServers, Path dataDir, String... extraArgs) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int httpPort = Ports.free();
        List<String> args = new ArrayList<>(List.of(
                "--server.address=127.0.0.1",
                "--server.port=" + httpPort,
                "--tributary.admin.bootstrap-servers=" + bootstrapServers,
                "--tributary.admin.data-dir=" + dataDir.toAbsolutePath()));
        args.addAll(List.of(extraArgs));
        return new AdminApiProcess(ServiceProcess.start(Service.ADMIN_API, "admin-api-" + httpPort, args), httpPort);
    }

    private void awaitServing() {
        Waiting.atMost(START_DEADLINE, () -> this + " never listened on its HTTP port\n" + process.describe(60))
                .failFast(process.aliveCheck())
                .until(this::accepts);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** For {@code Waiting.atMost(...).failFast(...)}: fails a wait at once, with the log tails, once it exited. */
    public ThrowingRunnable aliveCheck() {
        return process.aliveCheck();
    }

    /**
     * Waits until the process exits and returns its exit code.
     *
     * @throws AssertionError if it is still running at the deadline (the process is then killed)
     */
    public int awaitExit(Duration deadline) {
        return process.awaitExit(deadline);
    }

    /** Everything the process wrote to stdout so far. */
    public String stdout() {
        return process.stdout();
    }

    /** Everything the process wrote to stderr so far. */
    public String stderr() {
        return process.stderr();
    }

    /** The last {@code lines} lines of stdout, then of stderr: for failure messages. */
    public String describe(int lines) {
        return process.describe(lines);
    }

    /** SIGTERM and wait; fails (after SIGKILL) if the process does not exit. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "admin-api[pid " + pid() + ", http " + httpPort + "]";
    }
}

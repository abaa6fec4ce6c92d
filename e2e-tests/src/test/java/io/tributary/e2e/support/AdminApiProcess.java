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

/**
 * {@code admin-api.jar} running as its own process against a cluster, on a free HTTP port, with its audit database
 * under {@code dataDir}. Further arguments are Spring settings of the admin API
 * ({@code --tributary.admin.zookeeper-connect=...}, users, {@code --server.address=...}).
 *
 * <pre>{@code
 * try (AdminApiProcess api = AdminApiProcess.start(cluster.bootstrap(), tempDir,
 *         "--tributary.admin.zookeeper-connect=" + cluster.zookeeperConnect())) {
 *     ... AdminApiClient.onPort(api.httpPort()) ...
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once the HTTP port accepts connections (deadline 90 s; a process that exits first fails
 * the start at once, with its log tail); {@link #launch} returns at once, for a test of a start that must fail. stdout
 * and stderr go to one file under {@code target/e2e-logs/}.
 */
public final class AdminApiProcess implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(90);

    private final Process process;
    private final int httpPort;
    private final Path logFile;

    private AdminApiProcess(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /** Starts the admin API against {@code bootstrapServers} and waits until it serves HTTP. */
    public static AdminApiProcess start(String bootstrapServers, Path dataDir, String... extraArgs) {
        AdminApiProcess api = launch(bootstrapServers, dataDir, extraArgs);
        try {
            api.awaitServing();
        } catch (RuntimeException | Error e) {
            api.process.destroyForcibly();
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
        Path jar = ProcessSupport.artifact("tributary.admin-api.jar", "admin-api/target/admin-api.jar");
        List<String> command = new ArrayList<>(List.of(ProcessSupport.javaExecutable(), "-Xmx256m",
                "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--server.port=" + httpPort,
                "--tributary.admin.bootstrap-servers=" + bootstrapServers,
                "--tributary.admin.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(List.of(extraArgs));
        Path logFile = ProcessSupport.newLogFile("admin-api-" + httpPort, ".log");
        Process process = ProcessSupport.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile()));
        ProcessSupport.closeStdin(process);
        return new AdminApiProcess(process, httpPort, logFile);
    }

    private void awaitServing() {
        Waiting.atMost(START_DEADLINE, () -> this + " never listened on its HTTP port\n" + logTail(60))
                .failFast(aliveCheck())
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

    /** For {@code Waiting.atMost(...).failFast(...)}: fails a wait at once, with the log tail, once the process exited. */
    public ThrowingRunnable aliveCheck() {
        return Waiting.alive(process, () -> this + " exited with " + process.exitValue() + "\n" + logTail(60));
    }

    /**
     * Waits until the process exits and returns its exit code.
     *
     * @throws AssertionError if it is still running at the deadline (the process is then killed)
     */
    public int awaitExit(Duration deadline) {
        if (!ProcessSupport.waitFor(process, deadline)) {
            process.destroyForcibly();
            ProcessSupport.waitFor(process, ProcessSupport.STOP_DEADLINE);
            throw new AssertionError(this + " still running after " + deadline + "\n" + logTail(40));
        }
        return process.exitValue();
    }

    /** Everything the process wrote so far. */
    public String output() {
        return ProcessSupport.read(logFile);
    }

    public String logTail(int lines) {
        return "--- " + logFile + " ---\n" + ProcessSupport.tail(logFile, lines);
    }

    /** SIGTERM and wait; fails (after SIGKILL) if the process does not exit. */
    public void stop() {
        ProcessSupport.stop(process, toString(), () -> logTail(40));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "admin-api[pid " + pid() + ", http " + httpPort + "]";
    }
}

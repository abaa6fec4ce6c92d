package io.tributary.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code broker-service.jar} (one broker, no ZooKeeper of its own) running as its own process. Used where a test
 * needs the broker alone: start failures, or a broker against a ZooKeeper the test controls.
 *
 * <pre>{@code
 * try (BrokerProcess broker = BrokerProcess.start(List.of("--broker.id=1", "--zookeeper.connect=" + zk, ...))) {
 *     assertThat(broker.awaitExit(Duration.ofSeconds(60))).isNotZero();
 *     assertThat(broker.stderr()).startsWith("Tributary broker failed to start:");
 * }
 * }</pre>
 *
 * <p>stdout and stderr go to two files under {@code target/e2e-logs/}, so a test can assert on stderr alone.
 * {@code --server.port=0} is added unless {@code args} sets {@code --server.port}.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    private BrokerProcess(Process process, Path stdoutFile, Path stderrFile) {
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /** Starts {@code java -jar broker-service.jar <args>} and returns at once. */
    public static BrokerProcess start(List<String> args) {
        Path jar = ProcessSupport.artifact("tributary.broker.jar", "broker-service/target/broker-service.jar");
        List<String> command = new ArrayList<>(List.of(ProcessSupport.javaExecutable(), "-Xmx512m",
                "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=PARANOID", "-jar", jar.toString()));
        command.addAll(args);
        if (args.stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
            command.add("--server.port=0");
        }
        Path stdout = ProcessSupport.newLogFile("broker", ".out");
        Path stderr = stdout.resolveSibling(stdout.getFileName().toString().replace(".out", ".err"));
        Process process = ProcessSupport.start(new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()));
        ProcessSupport.closeStdin(process);
        return new BrokerProcess(process, stdout, stderr);
    }

    /**
     * Starts the broker and waits (deadline 60 s) until it answers {@code describeCluster} on
     * {@code host:port}, its advertised listener.
     */
    public static BrokerProcess startAndAwaitReady(List<String> args, String host, int port) {
        BrokerProcess broker = start(args);
        try {
            KafkaReadiness.await(broker.process, "broker-service", host, port, Duration.ofSeconds(60),
                    () -> broker.describe(60));
        } catch (RuntimeException | Error e) {
            broker.process.destroyForcibly();
            throw e;
        }
        return broker;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the process exits and returns its exit code.
     *
     * @throws AssertionError if it is still running at the deadline (the process is then killed)
     */
    public int awaitExit(Duration deadline) {
        if (!waitFor(deadline)) {
            process.destroyForcibly();
            waitFor(STOP_DEADLINE);
            throw new AssertionError("broker-service (pid " + pid() + ") still running after " + deadline + "\n"
                    + describe(40));
        }
        return process.exitValue();
    }

    /** Everything the process wrote to stderr so far. */
    public String stderr() {
        return ProcessSupport.read(stderrFile);
    }

    /** Everything the process wrote to stdout so far. */
    public String stdout() {
        return ProcessSupport.read(stdoutFile);
    }

    /** The last {@code lines} lines of stdout, then of stderr: for failure messages. */
    public String describe(int lines) {
        return "--- stdout " + stdoutFile + " ---\n" + ProcessSupport.tail(stdoutFile, lines) + "\n--- stderr "
                + stderrFile + " ---\n" + ProcessSupport.tail(stderrFile, lines);
    }

    /** SIGTERM and wait up to 30 s; fails (after SIGKILL) if the process does not exit. */
    public void stop() {
        process.destroy();
        if (!waitFor(STOP_DEADLINE)) {
            process.destroyForcibly();
            waitFor(STOP_DEADLINE);
            throw new AssertionError("broker-service (pid " + pid() + ") did not exit within " + STOP_DEADLINE
                    + " of SIGTERM\n" + describe(40));
        }
    }

    /** Stops the process if it is still alive. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private boolean waitFor(Duration deadline) {
        try {
            return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for pid " + pid(), e);
        }
    }

    @Override
    public String toString() {
        return "broker-service[pid " + pid() + "]";
    }
}

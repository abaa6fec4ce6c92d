package io.tributary.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ThrowingRunnable;

/**
 * One of Tributary's service jars ({@link Service#BROKER broker-service.jar}, {@link Service#COORDINATOR
 * coordinator-service.jar}, {@link Service#ADMIN_API admin-api.jar}) running as its own process, against a ZooKeeper
 * or cluster the test controls. Used where a test needs the services apart: start failures, a broker alone,
 * coordinators that a test kills one by one, or the admin API in front of a multi-broker cluster.
 *
 * <pre>{@code
 * try (ServiceProcess broker = ServiceProcess.start(Service.BROKER, List.of("--broker.id=1", ...))) {
 *     assertThat(broker.awaitExit(Duration.ofSeconds(60))).isNotZero();
 *     assertThat(broker.stderr()).startsWith("Tributary broker failed to start:");
 * }
 * }</pre>
 *
 * <p>stdout and stderr go to two files under {@code target/e2e-logs/}, so a test can assert on stderr alone.
 * {@code --server.port=0} is added unless {@code args} sets {@code --server.port}. {@link #stop()} is SIGTERM and
 * waits for the exit; {@link #kill9()} is SIGKILL; {@link #pause()} and {@link #resume()} are SIGSTOP and SIGCONT.
 */
public final class ServiceProcess implements AutoCloseable {

    /** A service jar: its name in logs and failure messages, the failsafe property and the reactor path. */
    public enum Service {
        BROKER("broker-service", "tributary.broker.jar", "broker-service/target/broker-service.jar"),
        COORDINATOR("coordinator-service", "tributary.coordinator.jar",
                "coordinator-service/target/coordinator-service.jar"),
        ADMIN_API("admin-api", "tributary.admin-api.jar", "admin-api/target/admin-api.jar");

        private final String displayName;
        private final String property;
        private final String reactorPath;

        Service(String displayName, String property, String reactorPath) {
            this.displayName = displayName;
            this.property = property;
            this.reactorPath = reactorPath;
        }

        /** The jar, or an exception naming where it was looked for. */
        public Path jar() {
            return ProcessSupport.artifact(property, reactorPath);
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Service service;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    private ServiceProcess(Service service, Process process, Path stdoutFile, Path stderrFile) {
        this.service = service;
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /** Starts {@code java -jar <service jar> <args>} and returns at once. */
    public static ServiceProcess start(Service service, List<String> args) {
        return start(service, service.displayName, args);
    }

    /**
     * Starts {@code java -jar <service jar> <args>} and returns at once; its output files are named after
     * {@code logName} ({@code broker-2}), so that the logs of a cluster's nodes tell apart.
     */
    public static ServiceProcess start(Service service, String logName, List<String> args) {
        return start(service, logName, List.of(), args);
    }

    /** As {@link #start(Service, String, List)}, with {@code jvmOptions} after the harness's own. */
    public static ServiceProcess start(Service service, String logName, List<String> jvmOptions, List<String> args) {
        return start(service, logName, jvmOptions, args, Map.of());
    }

    /**
     * As {@link #start(Service, String, List, List)}, with {@code environment} added to the test JVM's own, as a
     * container's settings are given ({@code BROKER_ID=1}); {@code --server.port=0} is added unless {@code args} or
     * {@code environment} ({@code SERVER_PORT}) set the port.
     */
    public static ServiceProcess start(Service service, String logName, List<String> jvmOptions, List<String> args,
            Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(ProcessSupport.javaExecutable(), "-Xmx512m",
                "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=PARANOID"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", service.jar().toString()));
        command.addAll(args);
        if (args.stream().noneMatch(arg -> arg.startsWith("--server.port="))
                && !environment.containsKey("SERVER_PORT")) {
            command.add("--server.port=0");
        }
        Path stdout = ProcessSupport.newLogFile(logName, ".out");
        Path stderr = stdout.resolveSibling(stdout.getFileName().toString().replace(".out", ".err"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = ProcessSupport.start(builder);
        ProcessSupport.closeStdin(process);
        return new ServiceProcess(service, process, stdout, stderr);
    }

    /**
     * Starts the service and waits (deadline 60 s) until it answers {@code describeCluster} on {@code host:port},
     * its advertised listener.
     */
    public static ServiceProcess startAndAwaitReady(Service service, List<String> args, String host, int port) {
        ServiceProcess started = start(service, args);
        started.awaitReady(host, port, START_DEADLINE);
        return started;
    }

    /**
     * Waits until this process answers {@code describeCluster} on {@code host:port}; kills it and fails, with its
     * log tails, if it does not by {@code deadline} or exits first.
     */
    public void awaitReady(String host, int port, Duration deadline) {
        ServiceProcess started = this;
        try {
            KafkaReadiness.await(started.process, service.displayName, host, port, deadline,
                    () -> started.describe(60));
        } catch (RuntimeException | Error e) {
            started.process.destroyForcibly();
            throw e;
        }
    }

    public Service service() {
        return service;
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
        if (!ProcessSupport.waitFor(process, deadline)) {
            process.destroyForcibly();
            ProcessSupport.waitFor(process, ProcessSupport.STOP_DEADLINE);
            throw new AssertionError(this + " still running after " + deadline + "\n" + describe(40));
        }
        return process.exitValue();
    }

    /**
     * For {@code Waiting.atMost(...).failFast(...)}: fails a wait at once, with the log tails, once this process has
     * exited.
     */
    public ThrowingRunnable aliveCheck() {
        return Waiting.alive(process, () -> this + " exited with " + process.exitValue() + "\n" + describe(40));
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
        ProcessSupport.stop(process, toString(), () -> describe(40));
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill9() {
        ProcessSupport.kill9(process, toString());
    }

    /**
     * SIGSTOP, and waits until the process shows as stopped: it freezes (threads, timers, ZooKeeper heartbeats)
     * until {@link #resume()}.
     */
    public void pause() {
        ProcessSupport.signalAndAwaitState(process, "STOP", true);
    }

    /** SIGCONT, and waits until the process no longer shows as stopped: a {@link #pause() paused} process carries on. */
    public void resume() {
        ProcessSupport.signalAndAwaitState(process, "CONT", false);
    }

    /** The state letter of {@code /proc/PID/stat}: R, S, D, T (stopped), Z; '?' once the process is gone. */
    public char state() {
        return ProcessSupport.state(process);
    }

    /** Stops the process if it is still alive (resuming it first, in case it was paused). */
    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
            stop();
        }
    }

    @Override
    public String toString() {
        return service.displayName + "[pid " + pid() + "]";
    }
}

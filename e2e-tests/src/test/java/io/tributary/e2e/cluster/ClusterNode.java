package io.tributary.e2e.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;

/**
 * One broker or coordinator of a {@link Cluster}: a node id, a Kafka port and (for a broker) a data directory that
 * stay the same across restarts, and the process currently running them, if any.
 *
 * <pre>
 *            start / restart
 *   DOWN ─────────────────────▶ RUNNING ◀──── resume (SIGCONT) ────┐
 *     ▲                          │   └──────── pause (SIGSTOP) ───▶ PAUSED
 *     └── kill9 (SIGKILL) / stop (SIGTERM, waits for the exit) ──┘
 * </pre>
 *
 * <p>Every start writes new output files under {@code target/e2e-logs/} named after the node ({@code broker-2-…}):
 * the logs of earlier runs stay there. One test thread drives a node; {@link #isRunning()} may be asked from any.
 */
public final class ClusterNode {

    /**
     * C1 only: a node's JVM starts in about half the CPU time, which counts when five JVMs start at once on two
     * cores; tests measure correctness, not peak throughput.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    /** Generous: a cluster starts all its JVMs at once, on cores other builds may be using too. */
    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);

    private final Service service;
    private final int id;
    private final int port;
    private final Path dataDir;
    private final List<String> args;
    private volatile ServiceProcess process;
    private boolean paused;

    ClusterNode(Service service, int id, int port, Path dataDir, List<String> args) {
        this.service = service;
        this.id = id;
        this.port = port;
        this.dataDir = dataDir;
        this.args = List.copyOf(args);
    }

    /** The broker id or coordinator id. */
    public int id() {
        return id;
    }

    public boolean isBroker() {
        return service == Service.BROKER;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The broker's {@code log.dirs}; null for a coordinator, which keeps its state in {@code __consumer_offsets}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether a process runs (or is paused) for this node. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The running process's pid. */
    public long pid() {
        return running().pid();
    }

    /** Starts the process and returns at once; {@link #awaitReady()} waits for it to answer. */
    void launch() {
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        process = ServiceProcess.start(service, name(), JVM_OPTIONS, args);
        paused = false;
    }

    /** Waits (deadline 120 s) until the process answers {@code describeCluster} on its port. */
    void awaitReady() {
        running().awaitReady("127.0.0.1", port, READY_DEADLINE);
    }

    /** Starts the node again with the same id, port, data directory and settings, and waits until it answers. */
    public void restart() {
        launch();
        awaitReady();
    }

    /** SIGKILL: the process dies at once, without a word to anyone; waits until it is gone. */
    public void kill9() {
        running().kill9();
        paused = false;
    }

    /** SIGTERM, and waits (up to 30 s) for a clean exit. */
    public void stop() {
        ServiceProcess current = running();
        if (paused) {
            current.resume();
            paused = false;
        }
        current.stop();
    }

    /** SIGSTOP, once the process shows as stopped: it is frozen, heartbeats and all, until {@link #resume()}. */
    public void pause() {
        running().pause();
        paused = true;
    }

    /** SIGCONT. */
    public void resume() {
        running().resume();
        paused = false;
    }

    /** The state letter of the running process in {@code /proc/PID/stat}: R, S, D, T (stopped), Z. */
    public char state() {
        return running().state();
    }

    /** The last {@code lines} lines of the current (or last) process's stdout and stderr. */
    public String describe(int lines) {
        return process == null ? "" : process.describe(lines);
    }

    /** SIGKILL if running: the end of a test needs no clean shutdown, and the data directory goes next. */
    void destroy() {
        if (isRunning()) {
            process.kill9();
        }
    }

    private ServiceProcess running() {
        if (process == null) {
            throw new IllegalStateException(this + " was never started");
        }
        return process;
    }

    private String name() {
        return (isBroker() ? "broker-" : "coordinator-") + id;
    }

    @Override
    public String toString() {
        return name() + (isRunning() ? "[pid " + process.pid() + (paused ? ", paused" : "") + "]" : "[down]");
    }
}

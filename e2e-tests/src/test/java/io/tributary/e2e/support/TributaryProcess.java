package io.tributary.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.core.ThrowingRunnable;

/**
 * {@code tributary-standalone.jar} (embedded ZooKeeper, broker 1 and group coordinator 1000) running as its own
 * process, as a user starts it. Every port is a free one unless the test names it: Kafka ({@code --port}),
 * ZooKeeper ({@code --zookeeper-port}) and the coordinator ({@code --coordinator-port}).
 *
 * <pre>{@code
 * try (TributaryProcess tributary = TributaryProcess.startStandalone(tempDir, "--num.partitions=3")) {
 *     ... clients against tributary.bootstrap() ...
 * }
 * }</pre>
 *
 * <p>Life: {@code start*} returns only once a kafka-clients Admin got an answer to {@code describeCluster} (deadline
 * 60 s; a process that dies first fails the start at once, with its log tail). {@link #stop()} is SIGTERM and waits
 * for the exit; {@link #kill9()} is SIGKILL. The process's stdout and stderr go to one file under
 * {@code target/e2e-logs/}.
 */
public final class TributaryProcess implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final String PORT = "--port=";
    private static final String ZOOKEEPER_PORT = "--zookeeper-port=";
    private static final String COORDINATOR_PORT = "--coordinator-port=";

    private final Process process;
    private final Path dataDir;
    private final int kafkaPort;
    private final int zookeeperPort;
    private final int coordinatorPort;
    private final Path logFile;

    private TributaryProcess(Process process, Path dataDir, int kafkaPort, int zookeeperPort, int coordinatorPort,
            Path logFile) {
        this.process = process;
        this.dataDir = dataDir;
        this.kafkaPort = kafkaPort;
        this.zookeeperPort = zookeeperPort;
        this.coordinatorPort = coordinatorPort;
        this.logFile = logFile;
    }

    /**
     * Starts standalone Tributary with its data in {@code dataDir}, on free ports for Kafka, ZooKeeper and the
     * coordinator unless {@code extraArgs} holds {@code --port=}, {@code --zookeeper-port=} or
     * {@code --coordinator-port=}. Further {@code extraArgs} are broker settings ({@code --log.segment.bytes=1024}).
     */
    public static TributaryProcess startStandalone(Path dataDir, String... extraArgs) {
        int kafkaPort = -1;
        int zookeeperPort = -1;
        List<String> rest = new ArrayList<>();
        for (String arg : extraArgs) {
            if (arg.startsWith(PORT)) {
                kafkaPort = Integer.parseInt(arg.substring(PORT.length()));
            } else if (arg.startsWith(ZOOKEEPER_PORT)) {
                zookeeperPort = Integer.parseInt(arg.substring(ZOOKEEPER_PORT.length()));
            } else {
                rest.add(arg);
            }
        }
        return startStandaloneOn(dataDir, kafkaPort < 0 ? Ports.free() : kafkaPort,
                zookeeperPort < 0 ? Ports.free() : zookeeperPort, rest.toArray(String[]::new));
    }

    /**
     * Starts standalone Tributary on the given ports: for a restart over the same data dir and ports. The
     * coordinator gets a free port unless {@code extraArgs} holds {@code --coordinator-port=}.
     */
    public static TributaryProcess startStandaloneOn(Path dataDir, int kafkaPort, int zookeeperPort,
            String... extraArgs) {
        int coordinatorPort = -1;
        List<String> rest = new ArrayList<>();
        for (String arg : extraArgs) {
            if (arg.startsWith(COORDINATOR_PORT)) {
                coordinatorPort = Integer.parseInt(arg.substring(COORDINATOR_PORT.length()));
            } else {
                rest.add(arg);
            }
        }
        return startStandaloneOn(dataDir, kafkaPort, zookeeperPort, coordinatorPort < 0 ? Ports.free()
                : coordinatorPort, rest);
    }

    /** Starts standalone Tributary on the given ports, coordinator included: for a restart on all the same ports. */
    public static TributaryProcess startStandaloneOn(Path dataDir, int kafkaPort, int zookeeperPort,
            int coordinatorPort, List<String> extraArgs) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path jar = ProcessSupport.artifact("tributary.standalone.jar", "standalone/target/tributary-standalone.jar");
        List<String> command = new ArrayList<>(List.of(ProcessSupport.javaExecutable(), "-Xmx512m",
                "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=PARANOID", "-jar", jar.toString(),
                "--data-dir=" + dataDir.toAbsolutePath(), PORT + kafkaPort, ZOOKEEPER_PORT + zookeeperPort,
                COORDINATOR_PORT + coordinatorPort, "--server.port=0"));
        command.addAll(extraArgs);
        Path logFile = ProcessSupport.newLogFile("standalone-" + kafkaPort, ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Process process = ProcessSupport.start(builder);
        ProcessSupport.closeStdin(process);
        TributaryProcess tributary = new TributaryProcess(process, dataDir, kafkaPort, zookeeperPort,
                coordinatorPort, logFile);
        try {
            tributary.awaitReady();
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return tributary;
    }

    private void awaitReady() {
        KafkaReadiness.await(process, "tributary-standalone", "127.0.0.1", kafkaPort, START_DEADLINE,
                () -> failureLines() + "log " + logFile + " (tail):\n" + logTail(60));
    }

    /** {@code 127.0.0.1:<kafka port>}. */
    public String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int zookeeperPort() {
        return zookeeperPort;
    }

    /** The port of the group coordinator (node 1000) that standalone runs next to its broker. */
    public int coordinatorPort() {
        return coordinatorPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file that receives the process's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, then waits up to 30 s for the process to exit; fails (after a SIGKILL) if it does not. */
    public void stop() {
        ProcessSupport.stop(process, toString(), () -> "log " + logFile + ":\n" + logTail(60));
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill9() {
        ProcessSupport.kill9(process, toString());
    }

    /**
     * For {@code Waiting.atMost(...).failFast(...)}: fails a wait at once, with the log tail, once this process has
     * exited.
     */
    public ThrowingRunnable aliveCheck() {
        return Waiting.alive(process, () -> this + " exited with " + process.exitValue() + "; log " + logFile
                + " (tail):\n" + logTail(60));
    }

    /** The exit code; only once the process has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    /** The last {@code lines} lines the process printed (stdout and stderr together). */
    public String logTail(int lines) {
        return ProcessSupport.tail(logFile, lines);
    }

    /** The start-failure line(s) the process printed, first in a failure message so nobody digs for them. */
    private String failureLines() {
        String lines = ProcessSupport.read(logFile).lines().filter(line -> line.contains("failed to start"))
                .reduce("", (all, line) -> all + line + "\n");
        return lines.isEmpty() ? "" : lines;
    }

    /** Stops the process if it is still alive. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "tributary-standalone[pid " + pid() + ", " + bootstrap() + ", data " + dataDir + "]";
    }
}

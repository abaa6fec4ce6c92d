package io.tributary.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.zookeeper.server.ZooKeeperServerMain;

/**
 * A standalone ZooKeeper server ({@code ZooKeeperServerMain}, the zookeeper jar that curator-test brings onto the
 * test classpath) running as its own process on 127.0.0.1, so that a test cluster's brokers and coordinators depend
 * on no thread of the test JVM. Its output goes to one file under {@code target/e2e-logs/}.
 *
 * <p>The tick is {@value #TICK_MS} ms, so sessions may be as short as {@code 2 × tick} and as long as
 * {@code 20 × tick} (ZooKeeper clamps what a client asks for into that range).
 */
public final class ZooKeeperProcess implements AutoCloseable {

    static final int TICK_MS = 1000;
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final String LOG_CONFIG = "zookeeper-logback.xml";

    private final Process process;
    private final int port;
    private final Path logFile;

    private ZooKeeperProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts ZooKeeper on {@code port} over {@code dataDir} and returns once it serves requests. */
    public static ZooKeeperProcess start(int port, Path dataDir) {
        List<String> command = new ArrayList<>(List.of(ProcessSupport.javaExecutable(), "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dzookeeper.admin.enableServer=false",
                "-Dzookeeper.4lw.commands.whitelist=srvr",
                "-Dlogback.configurationFile=" + resource(LOG_CONFIG), "-cp", classpath(),
                ZooKeeperServerMain.class.getName(), Integer.toString(port), dataDir.toString(),
                Integer.toString(TICK_MS)));
        Path log = ProcessSupport.newLogFile("zookeeper", ".log");
        Process process = ProcessSupport.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        ProcessSupport.closeStdin(process);
        ZooKeeperProcess started = new ZooKeeperProcess(process, port, log);
        try {
            Waiting.atMost(START_DEADLINE, () -> "ZooKeeper does not serve on 127.0.0.1:" + port + "\n" + started.describe(40))
                    .failFast(Waiting.alive(process, () -> "ZooKeeper exited with " + process.exitValue() + "\n"
                            + started.describe(40)))
                    .until(() -> serving(port));
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return started;
    }

    /** {@code 127.0.0.1:<port>}, without a chroot. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** The last {@code lines} lines of its log. */
    public String describe(int lines) {
        return "--- " + logFile + " ---\n" + ProcessSupport.tail(logFile, lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessSupport.stop(process, toString(), () -> describe(40));
        }
    }

    @Override
    public String toString() {
        return "zookeeper[pid " + pid() + ", port " + port + "]";
    }

    /**
     * The test JVM's classpath, which holds the zookeeper jar and all it needs. Under failsafe that is one jar whose
     * manifest lists the real entries, and the child resolves the manifest the same way.
     */
    private static String classpath() {
        return System.getProperty("java.class.path");
    }

    private static String resource(String name) {
        URL url = ZooKeeperProcess.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the test classpath");
        }
        return url.toString();
    }

    /** Whether the server answers the {@code srvr} four-letter word as one that serves requests. */
    private static boolean serving(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).contains("Mode:");
        } catch (IOException e) {
            return false;
        }
    }
}

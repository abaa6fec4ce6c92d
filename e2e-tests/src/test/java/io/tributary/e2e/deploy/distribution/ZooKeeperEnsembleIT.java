package io.tributary.e2e.deploy.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.Waiting;

/**
 * The distribution's ZooKeeper scripts run a 3-server ensemble from {@code server.N=} lines, in the background or in
 * the foreground (the script becomes the JVM), and the stop script's wait is bounded: a server that does not exit in
 * {@code TRIBUTARY_STOP_TIMEOUT} seconds makes it fail, naming the pid.
 */
class ZooKeeperEnsembleIT {

    private static final String ZOOKEEPER = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    private static final Duration QUORUM_DEADLINE = Duration.ofMinutes(2);
    private static final Duration SCRIPT_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path tempDir;

    @Test
    void threeServersFormAQuorumAndTheStopScriptWaitsForThemWithinItsBound() throws Exception {
        try (Installation tributary = Installation.unpack(tempDir, Map.of(
                "TRIBUTARY_HEAP_OPTS", "-Xmx128m",
                "TRIBUTARY_JVM_PERFORMANCE_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"))) {
            List<Integer> clientPorts = List.of(Ports.free(), Ports.free(), Ports.free());
            Map<String, String> ensemble = new LinkedHashMap<>(Map.of(
                    "tickTime", "1000", "initLimit", "10", "syncLimit", "5"));
            for (int n = 1; n <= 3; n++) {
                ensemble.put("server." + n, "127.0.0.1:" + Ports.free() + ":" + Ports.free());
            }
            for (int n = 1; n <= 3; n++) {
                Path dataDir = Files.createDirectories(tempDir.resolve("zookeeper-" + n));
                Files.writeString(dataDir.resolve("myid"), n + "\n");
                Map<String, String> changes = new LinkedHashMap<>(ensemble);
                changes.put("dataDir", dataDir.toString());
                changes.put("clientPort", clientPorts.get(n - 1).toString());
                tributary.configure("zookeeper.properties", config(n), changes);
            }
            for (int n = 1; n <= 2; n++) {
                CliResult started = tributary.run(SCRIPT_DEADLINE, Map.of("LOG_DIR",
                        tempDir.resolve("logs-" + n).toString()), "tributary-zookeeper-start.sh", "-daemon",
                        "config/" + config(n));
                assertThat(started.exitCode()).as(started.toString()).isZero();
            }
            Path foregroundOutput = tempDir.resolve("zookeeper-3.out");
            Process foreground = tributary.launch(foregroundOutput, "tributary-zookeeper-start.sh", "config/" + config(3));

            Waiting.atMost(QUORUM_DEADLINE, () -> "no quorum: " + modes(clientPorts) + "\n"
                            + Installation.read(foregroundOutput))
                    .until(() -> modes(clientPorts).stream().allMatch(mode -> mode.equals("leader")
                            || mode.equals("follower")));
            assertThat(modes(clientPorts)).containsOnlyOnce("leader");
            assertThat(tributary.processes(ZOOKEEPER, config(3)))
                    .as("in the foreground the script execs the JVM").singleElement()
                    .extracting(ProcessHandle::pid).isEqualTo(foreground.pid());

            long frozen = tributary.processes(ZOOKEEPER, config(1)).get(0).pid();
            signal(frozen, "STOP");
            CliResult timedOut = tributary.run(SCRIPT_DEADLINE, Map.of("TRIBUTARY_STOP_TIMEOUT", "2"),
                    "tributary-zookeeper-stop.sh", "config/" + config(1));
            assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(1);
            assertThat(timedOut.stderr()).contains("zookeeper still running after 2 s (pid " + frozen + ")");
            assertThat(tributary.processes(ZOOKEEPER)).hasSize(3);
            signal(frozen, "CONT");
            Waiting.atMost(SCRIPT_DEADLINE, () -> "pid " + frozen + " did not take its pending SIGTERM")
                    .until(() -> tributary.processes(ZOOKEEPER, config(1)).isEmpty());

            CliResult stopped = tributary.run(SCRIPT_DEADLINE, Map.of(), "tributary-zookeeper-stop.sh");
            assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
            assertThat(tributary.processes(ZOOKEEPER)).isEmpty();
            assertThat(foreground.waitFor(10, TimeUnit.SECONDS)).as("the foreground script ended with its JVM")
                    .isTrue();
        }
    }

    private static String config(int n) {
        return "zookeeper-" + n + ".properties";
    }

    /** Each server's {@code Mode:} from {@code srvr}: leader, follower, or "" while it serves no clients. */
    private static List<String> modes(List<Integer> clientPorts) {
        List<String> modes = new ArrayList<>();
        for (int port : clientPorts) {
            String mode = FourLetterWord.ask(port, "srvr").lines().filter(line -> line.startsWith("Mode: "))
                    .map(line -> line.substring("Mode: ".length()).strip()).findFirst().orElse("");
            modes.add(mode);
        }
        return modes;
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + pid).isZero();
    }
}

package io.tributary.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the process harnesses share: where the artifacts are, which {@code java} to run, where process output goes
 * ({@code target/e2e-logs/}), and a safety net that kills every process still alive when the test JVM exits.
 */
final class ProcessSupport {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HHmmss");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "e2e-process-reaper"));
    }

    private ProcessSupport() {
    }

    /** The artifact named by system property {@code property} (set by failsafe), else the reactor default. */
    static Path artifact(String property, String reactorDefault) {
        String configured = System.getProperty(property);
        Path path = configured != null && !configured.isBlank() ? Paths.get(configured)
                : moduleDir().resolve("..").resolve(reactorDefault);
        path = path.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist (system property " + property
                    + "); build the reactor first (mvn package)");
        }
        return path;
    }

    /** The same {@code java} as the test JVM's. */
    static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A new, unique file under {@code target/e2e-logs/} for one process's output. */
    static Path newLogFile(String name, String suffix) {
        Path dir = moduleDir().resolve("target").resolve("e2e-logs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name + "-" + LocalDateTime.now().format(STAMP) + "-" + SEQUENCE.incrementAndGet()
                + suffix);
    }

    static Process start(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenAccept(LIVE::remove);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    /** Closes the child's stdin, so a tool that reads it sees end-of-file. */
    static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of {@code file}, or "" if it does not exist yet. */
    static String tail(Path file, int lines) {
        String text = read(file);
        List<String> all = new ArrayList<>(text.lines().toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** How long a process gets to exit after SIGTERM, or to vanish after SIGKILL. */
    static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    /** SIGTERM and wait; after a SIGKILL, fails with {@code diagnostics} if the process did not exit in time. */
    static void stop(Process process, String name, Supplier<String> diagnostics) {
        process.destroy();
        if (!waitFor(process, STOP_DEADLINE)) {
            process.destroyForcibly();
            waitFor(process, STOP_DEADLINE);
            throw new AssertionError(name + " did not exit within " + STOP_DEADLINE + " of SIGTERM\n" + diagnostics.get());
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    static void kill9(Process process, String name) {
        process.toHandle().destroyForcibly();
        if (!waitFor(process, STOP_DEADLINE)) {
            throw new AssertionError(name + " survived SIGKILL");
        }
    }

    /**
     * Sends {@code kill -<signal>} to {@code process}, one this JVM started; fails if {@code kill} does not succeed
     * (the process is gone, or the signal is unknown).
     */
    static void signal(Process process, String signal) {
        Process kill = start(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true));
        closeStdin(kill);
        if (!waitFor(kill, STOP_DEADLINE)) {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + signal + " " + process.pid() + " did not return");
        }
        if (kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " exited with " + kill.exitValue()
                    + ": " + new String(readAll(kill), StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends SIGSTOP or SIGCONT and waits (deadline 10 s) until {@code /proc/PID/stat} shows the process stopped
     * ({@code T}) or no longer stopped: {@code kill} returns before every thread has taken the signal.
     */
    static void signalAndAwaitState(Process process, String signal, boolean stopped) {
        signal(process, signal);
        Waiting.atMost(Duration.ofSeconds(10), () -> "pid " + process.pid() + " in state " + state(process)
                + " after kill -" + signal)
                .until(() -> !process.isAlive() || (state(process) == 'T') == stopped);
    }

    /** The state letter of {@code /proc/PID/stat}: R, S, D, T (stopped), Z; '?' once the process is gone. */
    static char state(Process process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the process exited within {@code deadline}. */
    static boolean waitFor(Process process, Duration deadline) {
        try {
            return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for pid " + process.pid(), e);
        }
    }

    /** The e2e-tests module directory. */
    static Path moduleDir() {
        // failsafe runs with the module as working directory; an IDE may run from the reactor root
        Path cwd = Paths.get("").toAbsolutePath();
        if (Files.isDirectory(cwd.resolve("e2e-tests")) && !cwd.endsWith("e2e-tests")) {
            return cwd.resolve("e2e-tests");
        }
        return cwd;
    }
}

package io.tributary.e2e.deploy.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.DeployTools;

/**
 * The tarball that the distribution module builds, unpacked into a directory of the test, and its {@code bin/}
 * scripts run as an operator runs them, from the installation's root with relative paths.
 *
 * <p>What {@code -daemon} starts is not a child of the test JVM: {@link #close()} kills, by pid, every process still
 * running a jar of this installation's {@code libs/} (a directory no one else uses), so a failed test leaves nothing
 * behind.
 */
final class Installation implements AutoCloseable {

    private static final Duration UNPACK_DEADLINE = Duration.ofMinutes(2);
    private static final Duration KILL_DEADLINE = Duration.ofSeconds(30);

    private final Path home;
    private final Map<String, String> environment;

    private Installation(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
    }

    /**
     * Unpacks {@code distribution/target/tributary-*.tar.gz} into {@code dir}; every script then runs with
     * {@code environment} (and JAVA_HOME set to the test's Java).
     */
    static Installation unpack(Path dir, Map<String, String> environment) {
        Path tarball = tarball();
        CliResult untar = DeployTools.run(dir, UNPACK_DEADLINE, List.of("tar", "xzf", tarball.toString()));
        if (untar.exitCode() != 0) {
            throw new AssertionError("cannot unpack " + tarball + ": " + untar);
        }
        String top = tarball.getFileName().toString().replace(".tar.gz", "");
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        try {
            // the scripts name the installation by its physical path (pwd -P), and so do the processes they start
            return new Installation(dir.resolve(top).toRealPath(), env);
        } catch (IOException e) {
            throw new UncheckedIOException(tarball + " holds no " + top + "/", e);
        }
    }

    private static Path tarball() {
        Path target = DeployTools.repositoryRoot().resolve("distribution").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            List<Path> found = files.filter(file -> file.getFileName().toString().matches("tributary-.+\\.tar\\.gz"))
                    .toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one tributary-VERSION.tar.gz in " + target + ", found "
                        + found + "; build it first (./mvnw -DskipTests package)");
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("no " + target + "; build the distribution first", e);
        }
    }

    Path home() {
        return home;
    }

    /**
     * Writes {@code config/<name>} as a copy of the shipped {@code config/<shipped>} with {@code changes}: a key's
     * line (or its commented-out example) takes the new value, a key the file lacks is appended.
     */
    Path configure(String shipped, String name, Map<String, String> changes) {
        List<String> lines = new ArrayList<>(read(home.resolve("config").resolve(shipped)).lines().toList());
        changes.forEach((key, value) -> {
            int at = indexOfKey(lines, key);
            if (at >= 0) {
                lines.set(at, key + "=" + value);
            } else {
                lines.add(key + "=" + value);
            }
        });
        return write(name, String.join("\n", lines) + "\n");
    }

    /** Writes {@code config/<name>} with exactly {@code text}. */
    Path write(String name, String text) {
        try {
            return Files.writeString(home.resolve("config").resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOfKey(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(key + "=")) {
                return i;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#" + key + "=")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Runs {@code bin/<script> <args>} from the installation's root with this installation's environment plus
     * {@code extraEnvironment}; fails if it has not returned by {@code deadline}.
     */
    CliResult run(Duration deadline, Map<String, String> extraEnvironment, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bin/" + script));
        command.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile(home, script, ".out");
            Path err = Files.createTempFile(home, script, ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not return within " + deadline
                        + "\n--- stdout ---\n" + read(out) + "--- stderr ---\n" + read(err));
            }
            CliResult result = new CliResult(process.exitValue(), read(out), read(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /**
     * Starts {@code bin/<script> <args>} as a child of the test, as a foreground start in a terminal; its output
     * goes to {@code output}.
     */
    Process launch(Path output, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bin/" + script));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * The running processes of this installation (a jar of its {@code libs/} on their command line) whose command
     * line contains every one of {@code parts}, e.g. a main class or a properties file.
     */
    List<ProcessHandle> processes(String... parts) {
        String libs = home.resolve("libs") + "/";
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine()
                        .filter(line -> line.contains(libs) && Arrays.stream(parts).allMatch(line::contains))
                        .isPresent())
                .toList();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills what is still running from this installation (a test that failed half-way) and waits until it is gone. */
    @Override
    public void close() {
        List<ProcessHandle> left = processes();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : left) {
            try {
                process.onExit().get(KILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("pid " + process.pid() + " of " + home + " survived SIGKILL", e);
            }
        }
    }
}

